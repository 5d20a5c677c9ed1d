namespace Palisade.Core.Policy.Export;

/// <summary>What <c>palisade policy export --to</c> compiles the runtime policy into.</summary>
public enum ExportTarget
{
    /// <summary>ValidatingAdmissionPolicy and bindings, with Pod Security left to the built-in Pod Security Admission.</summary>
    Vap,

    /// <summary>MutatingAdmissionPolicy and binding: the assigned class and the defaults.</summary>
    Map,

    /// <summary>Kyverno: ValidatingPolicy and MutatingPolicy (1.15 and later), ClusterPolicy before.</summary>
    Kyverno,

    /// <summary>Gatekeeper: ConstraintTemplate (CEL and Rego), Constraints, Assign mutators.</summary>
    Gatekeeper,
}
