using System.Diagnostics.CodeAnalysis;
using k8s.Models;

namespace Palisade.Core.Manifests;

/// <summary>
/// The pod template of a workload. <see cref="Pointer"/> is the JSON pointer, within the object, of the node holding
/// <c>metadata</c> and <c>spec</c> (<c>""</c> for a Pod, <c>/spec/template</c> for a Deployment).
/// </summary>
public sealed record PodTemplate(
    V1ObjectMeta? Metadata,
    V1PodSpec Spec,
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON pointer, named as in RFC 6901; part of the agreed contract.")]
    string Pointer);
