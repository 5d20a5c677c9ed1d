using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline windowsHostProcess: windowsOptions.hostProcess must not be true at pod or container level.</summary>
internal static class WindowsHostProcessCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podBad = spec.SecurityContext?.WindowsOptions?.HostProcess == true;
        List<string>? names = null;
        List<string>? paths = null;
        if (podBad)
        {
            (paths ??= []).Add("/spec/securityContext/windowsOptions/hostProcess");
        }

        foreach (var c in new ContainerWalk(spec))
        {
            if (c.SecurityContext?.WindowsOptions?.HostProcess == true)
            {
                (names ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/windowsOptions/hostProcess"));
            }
        }

        if (paths is null)
        {
            return null;
        }

        var detail = MessageText.Setters(podBad, names) + " must not set securityContext.windowsOptions.hostProcess=true";
        return new CheckViolation(checkId, "hostProcess", detail, paths);
    }
}
