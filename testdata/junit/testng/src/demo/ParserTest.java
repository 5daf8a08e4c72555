package demo;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class ParserTest {
    @DataProvider(name = "sums")
    public Object[][] sums() {
        return new Object[][] {{1, 1, 2}, {2, 2, 4}, {2, 3, 6}, {0, 0, 0}};
    }

    @Test(dataProvider = "sums")
    public void addsTwoNumbers(int a, int b, int expected) {
        assertEquals(a + b, expected);
    }

    @Test
    public void readsAnEmptyLine() {
        assertEquals("".trim(), "");
    }
}
