namespace Palisade.Core.Policy.Export;

/// <summary>
/// Where the compiled CEL reads namespace criteria from. <see cref="NamespaceObject"/>: the namespace's labels from
/// <c>namespaceObject</c> (ValidatingAdmissionPolicy, MutatingAdmissionPolicy, Kyverno). <see cref="Parameters"/>: one
/// boolean per rule from the constraint's parameters, because Gatekeeper's CEL has no <c>namespaceObject</c>
/// (open-policy-agent/gatekeeper#3777); the constraints' <c>match</c> decides those facts.
/// </summary>
public enum NamespaceFacts
{
    NamespaceObject,
    Parameters,
}
