namespace Palisade.Sandbox.Images;

internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
