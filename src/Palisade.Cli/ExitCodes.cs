namespace Palisade.Cli;

/// <summary>Exit codes shared by every command (architecture.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
    public const int Environment = 3;
}
