#![deny(clippy::needless_return)]

/// Sums the even values.
pub fn even_sum(values: &Vec<i64>) -> i64 {
    let mut sum = 0;
    for i in 0..values.len() {
        if values[i] % 2 == 0 {
            sum = sum + values[i];
        }
    }
    return sum;
}

/// Whether the name is empty.
pub fn is_blank(name: &String) -> bool {
    name.len() == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_even_values() {
        let unused = 1;
        assert_eq!(even_sum(&vec![1, 2, 4]), 6);
    }
}
