using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline seLinuxOptions: type from the container set, and no user or role.</summary>
internal static class SeLinuxOptionsCheck
{
    /// <summary>v1.0 to v1.30.</summary>
    public static CheckViolation? EvaluateV1_0(string checkId, V1ObjectMeta? metadata, V1PodSpec spec) =>
        Evaluate(checkId, spec, allowEngineType: false);

    /// <summary>v1.31+: container_engine_t is allowed too.</summary>
    public static CheckViolation? EvaluateV1_31(string checkId, V1ObjectMeta? metadata, V1PodSpec spec) =>
        Evaluate(checkId, spec, allowEngineType: true);

    private static CheckViolation? Evaluate(string checkId, V1PodSpec spec, bool allowEngineType)
    {
        var podBad = IsBad(spec.SecurityContext?.SeLinuxOptions, allowEngineType);
        var anyBad = podBad;
        if (!anyBad)
        {
            foreach (var c in new ContainerWalk(spec))
            {
                if (IsBad(c.SecurityContext?.SeLinuxOptions, allowEngineType))
                {
                    anyBad = true;
                    break;
                }
            }
        }

        return anyBad ? Build(checkId, spec, allowEngineType, podBad) : null;
    }

    private static CheckViolation Build(string checkId, V1PodSpec spec, bool allowEngineType, bool podBad)
    {
        var state = new Findings(allowEngineType);
        if (podBad)
        {
            state.Inspect(spec.SecurityContext!.SeLinuxOptions!, "/spec/securityContext/seLinuxOptions");
        }

        var names = new List<string>();
        foreach (var c in new ContainerWalk(spec))
        {
            var options = c.SecurityContext?.SeLinuxOptions;
            if (IsBad(options, allowEngineType))
            {
                names.Add(c.Name);
                state.Inspect(options!, c.Path("/securityContext/seLinuxOptions"));
            }
        }

        var parts = new List<string>(3);
        if (state.Types.Count > 0)
        {
            var types = MessageText.SortedDistinct(state.Types);
            parts.Add(MessageText.Pluralize("type", "types", types.Count) + " " + MessageText.JoinQuote(types));
        }

        if (state.User)
        {
            parts.Add("user may not be set");
        }

        if (state.Role)
        {
            parts.Add("role may not be set");
        }

        var detail = MessageText.Setters(podBad, names) + " set forbidden securityContext.seLinuxOptions: " + string.Join("; ", parts);
        return new CheckViolation(checkId, "seLinuxOptions", detail, state.Paths);
    }

    private static bool IsBad(V1SELinuxOptions? options, bool allowEngineType) =>
        options is not null
        && (!IsAllowedType(options.Type, allowEngineType) || !string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Role));

    private static bool IsAllowedType(string? type, bool allowEngineType) =>
        type is null or "" or "container_t" or "container_init_t" or "container_kvm_t"
        || (allowEngineType && type == "container_engine_t");

    private sealed class Findings(bool allowEngineType)
    {
        public List<string> Types { get; } = [];

        public List<string> Paths { get; } = [];

        public bool User { get; private set; }

        public bool Role { get; private set; }

        public void Inspect(V1SELinuxOptions options, string path)
        {
            if (!IsAllowedType(options.Type, allowEngineType))
            {
                Types.Add(options.Type ?? string.Empty);
                Paths.Add(path + "/type");
            }

            if (!string.IsNullOrEmpty(options.User))
            {
                User = true;
                Paths.Add(path + "/user");
            }

            if (!string.IsNullOrEmpty(options.Role))
            {
                Role = true;
                Paths.Add(path + "/role");
            }
        }
    }
}
