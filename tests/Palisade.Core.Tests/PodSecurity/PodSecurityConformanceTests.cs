using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using Palisade.Core.PodSecurity;
using Xunit.Abstractions;

namespace Palisade.Core.Tests.PodSecurity;

/// <summary>Runs every upstream fixture in testdata/psa (copied into the repo, see its README) through defaulting and the evaluator.</summary>
public sealed class PodSecurityConformanceTests(ITestOutputHelper output)
{
    private const int ExpectedFixtureCount = 4537;

    private static readonly Dictionary<string, string> ExpectedSubstrings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["allowPrivilegeEscalation"] = "allowPrivilegeEscalation",
        ["appArmorProfile"] = "forbidden AppArmor profile",
        ["capabilities_baseline"] = "capabilities",
        ["capabilities_restricted"] = "unrestricted capabilities",
        ["hostNamespaces"] = "host namespaces",
        ["hostPathVolumes"] = "hostPath",
        ["hostPorts"] = "hostPort",
        ["hostProbesAndHostLifecycle"] = "probe or lifecycle host",
        ["privileged"] = "privileged",
        ["procMount"] = "procMount",
        ["procMount_restricted"] = "procMount",
        ["restrictedVolumes"] = "restricted volume types",
        ["runAsNonRoot"] = "runAsNonRoot",
        ["runAsUser"] = "runAsUser",
        ["seLinuxOptions"] = "seLinuxOptions",
        ["seccompProfile_baseline"] = "seccompProfile",
        ["seccompProfile_restricted"] = "seccompProfile",
        ["sysctls"] = "forbidden sysctl",
        ["windowsHostProcess"] = "hostProcess",
    };

    [Fact]
    public void Evaluate_AllUpstreamFixtures_MatchExpectedDecisionAndMessage()
    {
        var root = FindFixtureRoot();
        var mismatches = new List<string>();
        var count = 0;

        foreach (var levelDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            Assert.True(LevelNames.TryParse(Path.GetFileName(levelDir), out var level), levelDir);
            foreach (var versionDir in Directory.GetDirectories(levelDir).Order(StringComparer.Ordinal))
            {
                Assert.True(PodSecurityVersion.TryParse(Path.GetFileName(versionDir), out var version), versionDir);
                var policy = new LevelVersion(level, version);
                foreach (var outcome in new[] { "pass", "fail" })
                {
                    var dir = Path.Combine(versionDir, outcome);
                    if (!Directory.Exists(dir))
                    {
                        continue;
                    }

                    foreach (var file in Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
                    {
                        count++;
                        var mismatch = Check(file, policy, outcome == "pass");
                        if (mismatch is not null)
                        {
                            mismatches.Add(Path.GetRelativePath(root, file) + ": " + mismatch);
                        }
                    }
                }
            }
        }

        output.WriteLine($"Evaluated {count.ToString(CultureInfo.InvariantCulture)} fixtures, {mismatches.Count.ToString(CultureInfo.InvariantCulture)} mismatches.");
        Assert.True(mismatches.Count == 0, new StringBuilder().AppendJoin('\n', mismatches).ToString());
        Assert.Equal(ExpectedFixtureCount, count);
    }

    private static string? Check(string file, LevelVersion policy, bool expectAllowed)
    {
        V1Pod pod;
        try
        {
            pod = KubernetesYaml.Deserialize<V1Pod>(File.ReadAllText(file));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            return "could not load: " + e.Message;
        }

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);
        var result = PodSecurityEvaluator.Evaluate(policy, pod.Metadata, pod.Spec);
        if (expectAllowed)
        {
            return result.Allowed ? null : "expected allowed, got: " + result.DenialMessage;
        }

        if (result.Allowed)
        {
            return "expected denied, got allowed";
        }

        var message = result.DenialMessage;
        if (message.Contains("unknown forbidden reason", StringComparison.Ordinal))
        {
            return "message contains 'unknown forbidden reason': " + message;
        }

        var checkId = Path.GetFileNameWithoutExtension(file).TrimEnd("0123456789".ToCharArray());
        if (!ExpectedSubstrings.TryGetValue(checkId, out var expected))
        {
            return $"unknown check id '{checkId}'";
        }

        return message.Contains(expected, StringComparison.Ordinal)
            ? null
            : $"expected substring '{expected}', got: {message}";
    }

    private static string FindFixtureRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        // Read from the source tree, not the build output: 4,537 small files are not worth copying on every build.
        var root = Path.Combine(dir.FullName, "tests", "Palisade.Core.Tests", "testdata", "psa");
        Assert.True(Directory.Exists(root), $"fixture folder not found: {root}");
        return root;
    }
}
