using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>Wrappers for the variant-level relaxations: [win] (v1.25+) and [userns] (v1.35+).</summary>
internal static class Relaxations
{
    /// <summary>[win]: allowed outright when <c>spec.os.name</c> is exactly <c>windows</c>.</summary>
    public static CheckFunction ExceptWindows(CheckFunction check) =>
        (checkId, metadata, spec) => spec.Os?.Name == "windows" ? null : check(checkId, metadata, spec);

    /// <summary>[userns]: allowed outright when <c>spec.hostUsers</c> is explicitly false.</summary>
    public static CheckFunction ExceptUserNamespace(CheckFunction check) =>
        (checkId, metadata, spec) => spec.HostUsers == false ? null : check(checkId, metadata, spec);
}
