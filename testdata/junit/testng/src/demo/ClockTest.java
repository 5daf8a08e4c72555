package demo;

import static org.testng.Assert.assertTrue;

import org.testng.IRetryAnalyzer;
import org.testng.ITestResult;
import org.testng.annotations.Test;

public class ClockTest {
    /** Retries a failed test once. */
    public static class RetryOnce implements IRetryAnalyzer {
        private int retries;

        @Override
        public boolean retry(ITestResult result) {
            return retries++ < 1;
        }
    }

    private static int settleCalls;

    @Test(retryAnalyzer = RetryOnce.class)
    public void settlesOnTheSecondTry() {
        settleCalls++;
        assertTrue(settleCalls > 1, "clock not settled yet");
    }

    @Test
    public void tellsTheTime() {
        assertTrue(System.currentTimeMillis() > 0);
    }
}
