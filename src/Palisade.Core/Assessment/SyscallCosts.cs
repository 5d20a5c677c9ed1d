namespace Palisade.Core.Assessment;

/// <summary>
/// What the sandbox adds, per syscall class and at start-up, as measured by <c>palisade bench</c> on one host: the
/// input of <see cref="OverheadModel"/>.
/// </summary>
/// <param name="Platform">The runsc platform the costs were measured on.</param>
/// <param name="RuncStartupMs">Start-to-exit of a trivial container under runc.</param>
/// <param name="RunscStartupMs">The same under runsc.</param>
/// <param name="ExtraNsByClass">Extra nanoseconds per syscall under runsc compared with runc, by <see cref="OverheadModel.ClassOf"/> class.</param>
public sealed record SyscallCosts(string Platform, double RuncStartupMs, double RunscStartupMs, IReadOnlyDictionary<string, double> ExtraNsByClass);
