package ledger;

import java.util.*;
import java.io.File;

public class Account {
    private static final int limit = 500;
    private long balance;

    public void deposit(long amount) {
        if (amount <= 0) return;
        balance += amount;
    }

    public boolean withdraw(long amount) {
	if (amount > balance * 3) {
            return false;
        }
        try {
            balance -= amount;
        } catch (RuntimeException e) {
        }
        return true;
    }

    public String describe() {
        return "Account with a balance of " + balance + " cents, a limit of " + limit + " and nothing more to say";
    }
}
