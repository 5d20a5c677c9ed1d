using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>restricted runAsNonRoot: true at pod level (unless a container overrides it) or on every container.</summary>
internal static class RunAsNonRootCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podValue = spec.SecurityContext?.RunAsNonRoot;
        var podExplicitBad = podValue == false;
        var podOk = podValue == true;
        List<string>? explicitNames = null;
        List<string>? explicitPaths = null;
        List<string>? implicitNames = null;
        List<string>? implicitPaths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var value = c.SecurityContext?.RunAsNonRoot;
            if (value == false)
            {
                (explicitNames ??= []).Add(c.Name);
                (explicitPaths ??= []).Add(c.Path("/securityContext/runAsNonRoot"));
            }
            else if (value is null && !podOk)
            {
                (implicitNames ??= []).Add(c.Name);
                (implicitPaths ??= []).Add(c.Path("/securityContext/runAsNonRoot"));
            }
        }

        if (podExplicitBad || explicitNames is not null)
        {
            var paths = new List<string>();
            if (podExplicitBad)
            {
                paths.Add("/spec/securityContext/runAsNonRoot");
            }

            if (explicitPaths is not null)
            {
                paths.AddRange(explicitPaths);
            }

            var detail = MessageText.Setters(podExplicitBad, explicitNames) + " must not set securityContext.runAsNonRoot=false";
            return new CheckViolation(checkId, "runAsNonRoot != true", detail, paths);
        }

        return implicitNames is null
            ? null
            : new CheckViolation(
                checkId,
                "runAsNonRoot != true",
                "pod or " + MessageText.Containers(implicitNames) + " must set securityContext.runAsNonRoot=true",
                implicitPaths!);
    }
}
