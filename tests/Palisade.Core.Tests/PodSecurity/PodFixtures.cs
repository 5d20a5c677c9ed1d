using k8s;
using k8s.Models;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.PodSecurity;

/// <summary>Small helpers to write pods as YAML in tests.</summary>
internal static class PodFixtures
{
    public static V1Pod Parse(string yaml) => KubernetesYaml.Deserialize<V1Pod>(yaml);

    public static LevelVersion Policy(string text)
    {
        var parts = text.Split(':');
        Assert.True(LevelNames.TryParse(parts[0], out var level));
        Assert.True(PodSecurityVersion.TryParse(parts[1], out var version));
        return new LevelVersion(level, version);
    }

    public static PodSecurityResult Evaluate(string policy, string yaml)
    {
        var pod = Parse(yaml);
        return PodSecurityEvaluator.Evaluate(Policy(policy), pod.Metadata, pod.Spec);
    }

    /// <summary>A pod that passes restricted:latest with one container named <paramref name="name"/>.</summary>
    public static string RestrictedContainer(string name) => $$"""
          - name: {{name}}
            image: busybox
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
        """;

    public const string RestrictedPodSecurityContext = """
          securityContext:
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
        """;
}
