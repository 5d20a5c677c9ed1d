namespace Palisade.Core.PodSecurity;

/// <summary>
/// The enforce, audit and warn policies of a namespace, resolved from its labels, with one error per invalid label.
/// Errors never stop evaluation: invalid values have already been replaced by their fail-closed or fail-open defaults.
/// </summary>
public sealed record NamespacePolicyResult(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn, IReadOnlyList<string> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}
