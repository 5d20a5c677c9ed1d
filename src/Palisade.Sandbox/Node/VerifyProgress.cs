namespace Palisade.Sandbox.Node;

/// <summary>A step of <c>node verify</c> starting: its number, how many there are, and what it is ("runsc: exec uname -r").</summary>
public sealed record VerifyProgress(int Step, int Total, string Message);
