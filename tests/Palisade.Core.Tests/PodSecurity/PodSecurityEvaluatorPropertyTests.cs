using FsCheck.Xunit;
using k8s.Models;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityEvaluatorPropertyTests
{
    private static readonly string?[] Strings = [null, "", "a", "ALL", "all", "SYS_ADMIN", "NET_BIND_SERVICE", "RuntimeDefault", "Localhost", "Unconfined", "Unmasked", "Default", "windows", "linux", "container_t", "spc_t", "kernel.msgmax", "localhost/x", "runtime/default", "\"q\\\n"];

    [Property(MaxTest = 300)]
    public void Evaluate_RandomPod_NeverThrowsAndPrivilegedAllows(int seed)
    {
        var random = new Random(seed);
        var pod = RandomPod(random);

        for (var minor = 0; minor <= 38; minor += random.Next(1, 6))
        {
            foreach (var level in new[] { PodSecurityLevel.Privileged, PodSecurityLevel.Baseline, PodSecurityLevel.Restricted })
            {
                var result = PodSecurityEvaluator.Evaluate(new LevelVersion(level, PodSecurityVersion.Of(minor)), pod.Metadata, pod.Spec);
                Assert.NotNull(result.DenialMessage);
                Assert.DoesNotContain("unknown forbidden reason", result.ForbiddenReason, StringComparison.Ordinal);
                if (level == PodSecurityLevel.Privileged)
                {
                    Assert.True(result.Allowed);
                }
            }
        }

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);
        _ = PodSecurityEvaluator.Evaluate(LevelVersion.RestrictedLatest, pod.Metadata, pod.Spec);
    }

    private static V1Pod RandomPod(Random r)
    {
        var spec = new V1PodSpec
        {
            HostNetwork = Bool(r),
            HostPID = Bool(r),
            HostIPC = Bool(r),
            HostUsers = Bool(r),
            Os = r.Next(3) == 0 ? new V1PodOS { Name = Str(r) } : null,
            SecurityContext = r.Next(2) == 0 ? null : new V1PodSecurityContext
            {
                RunAsNonRoot = Bool(r),
                RunAsUser = r.Next(3) switch { 0 => null, 1 => 0, _ => 1000 },
                SeccompProfile = r.Next(2) == 0 ? null : new V1SeccompProfile { Type = Str(r) },
                AppArmorProfile = r.Next(3) == 0 ? new V1AppArmorProfile { Type = Str(r) } : null,
                SeLinuxOptions = r.Next(3) == 0 ? new V1SELinuxOptions { Type = Str(r), User = Str(r), Role = Str(r) } : null,
                WindowsOptions = r.Next(3) == 0 ? new V1WindowsSecurityContextOptions { HostProcess = Bool(r) } : null,
                Sysctls = r.Next(3) == 0 ? [new V1Sysctl { Name = Str(r), Value = "1" }, null!] : null,
            },
            Containers = List(r, () => RandomContainer(r)),
            InitContainers = r.Next(2) == 0 ? null : List(r, () => RandomContainer(r)),
            EphemeralContainers = r.Next(3) == 0
                ? [new V1EphemeralContainer { Name = Str(r), SecurityContext = RandomSecurityContext(r) }, null!]
                : null,
            Volumes = r.Next(2) == 0 ? null : List(r, () => RandomVolume(r)),
        };
        var metadata = r.Next(2) == 0 ? null : new V1ObjectMeta
        {
            Annotations = r.Next(2) == 0 ? null : new Dictionary<string, string>
            {
                ["container.apparmor.security.beta.kubernetes.io/" + Str(r)] = Str(r) ?? string.Empty,
                ["seccomp.security.alpha.kubernetes.io/pod"] = Str(r) ?? string.Empty,
                ["container.seccomp.security.alpha.kubernetes.io/a"] = Str(r) ?? string.Empty,
            },
        };
        return new V1Pod { Metadata = metadata, Spec = spec };
    }

    private static V1Container RandomContainer(Random r) => new()
    {
        Name = Str(r)!,
        SecurityContext = RandomSecurityContext(r),
        Ports = r.Next(3) == 0 ? [new V1ContainerPort { ContainerPort = r.Next(1, 65535), HostPort = r.Next(3) == 0 ? r.Next(0, 100) : null }, null!] : null,
        LivenessProbe = r.Next(4) == 0 ? new V1Probe { HttpGet = new V1HTTPGetAction { Host = Str(r), Port = 80 } } : null,
        Lifecycle = r.Next(4) == 0 ? new V1Lifecycle { PreStop = new V1LifecycleHandler { TcpSocket = new V1TCPSocketAction { Host = Str(r), Port = 80 } } } : null,
    };

    private static V1SecurityContext? RandomSecurityContext(Random r) => r.Next(4) == 0 ? null : new V1SecurityContext
    {
        AllowPrivilegeEscalation = Bool(r),
        Privileged = Bool(r),
        RunAsNonRoot = Bool(r),
        RunAsUser = r.Next(3) switch { 0 => null, 1 => 0, _ => 1000 },
        ProcMount = Str(r),
        Capabilities = r.Next(3) == 0 ? null : new V1Capabilities { Add = r.Next(2) == 0 ? null : [Str(r)!, null!], Drop = r.Next(2) == 0 ? null : [Str(r)!] },
        SeccompProfile = r.Next(2) == 0 ? null : new V1SeccompProfile { Type = Str(r) },
        AppArmorProfile = r.Next(3) == 0 ? new V1AppArmorProfile { Type = Str(r) } : null,
        SeLinuxOptions = r.Next(3) == 0 ? new V1SELinuxOptions { Type = Str(r), User = Str(r) } : null,
        WindowsOptions = r.Next(3) == 0 ? new V1WindowsSecurityContextOptions { HostProcess = Bool(r) } : null,
    };

    private static V1Volume RandomVolume(Random r) => r.Next(5) switch
    {
        0 => new V1Volume { Name = Str(r)! },
        1 => new V1Volume { Name = Str(r)!, HostPath = new V1HostPathVolumeSource { Path = "/" } },
        2 => new V1Volume { Name = Str(r)!, Nfs = new V1NFSVolumeSource { Server = "s", Path = "/" } },
        3 => new V1Volume { Name = Str(r)!, EmptyDir = new V1EmptyDirVolumeSource() },
        _ => null!,
    };

    private static List<T> List<T>(Random r, Func<T> item)
    {
        var list = new List<T>();
        for (var i = r.Next(0, 4); i > 0; i--)
        {
            list.Add(item());
        }

        return list;
    }

    private static bool? Bool(Random r) => r.Next(3) switch { 0 => null, 1 => false, _ => true };

    private static string? Str(Random r) => Strings[r.Next(Strings.Length)];
}
