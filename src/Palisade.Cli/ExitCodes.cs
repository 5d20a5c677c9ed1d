namespace Palisade.Cli;

/// <summary>Exit codes shared by every command (architecture.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
    public const int Environment = 3;

    /// <summary>A bug in Palisade itself; the message says so and how to get the stack trace.</summary>
    public const int InternalError = 70;
}
