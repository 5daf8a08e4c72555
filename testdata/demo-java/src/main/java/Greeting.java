/** A class in the default package (JaCoCo writes package name=""). */
public final class Greeting {
    private Greeting() {}

    public static String hello(String name) {
        return name == null || name.isEmpty() ? "hello" : "hello " + name;
    }
}
