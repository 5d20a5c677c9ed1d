namespace Palisade.Core.Assessment;

/// <summary>One line of a prediction: the calls of one syscall class and the time the sandbox adds to them.</summary>
public sealed record OverheadTerm(string Class, long Calls, double ExtraNsPerCall, double ExtraMs);
