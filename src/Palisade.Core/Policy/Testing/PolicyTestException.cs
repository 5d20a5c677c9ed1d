namespace Palisade.Core.Policy.Testing;

/// <summary>A test file (or a file it names) that cannot be used; the message is one line, <c>file:line:col: problem</c>.</summary>
public sealed class PolicyTestException : Exception
{
    public PolicyTestException()
    {
    }

    public PolicyTestException(string message)
        : base(message)
    {
    }

    public PolicyTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static PolicyTestException At(string source, int line, int column, string problem) =>
        new(new PolicyProblem(source, line, column, problem).ToString());
}
