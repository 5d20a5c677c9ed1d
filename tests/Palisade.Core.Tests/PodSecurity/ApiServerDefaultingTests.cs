using Palisade.Core.PodSecurity;
using static Palisade.Core.Tests.PodSecurity.PodFixtures;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class ApiServerDefaultingTests
{
    [Fact]
    public void Apply_VolumeWithoutSource_BecomesEmptyDir()
    {
        var pod = Parse("""
            spec:
              containers: [{name: a}]
              volumes:
              - name: none
              - name: cm
                configMap: {name: x}
            """);

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);

        Assert.NotNull(pod.Spec.Volumes[0].EmptyDir);
        Assert.Null(pod.Spec.Volumes[1].EmptyDir);
    }

    [Fact]
    public void Apply_HostNetwork_FillsHostPortFromContainerPort()
    {
        var pod = Parse("""
            spec:
              hostNetwork: true
              initContainers:
              - name: i
                ports: [{containerPort: 53}]
              containers:
              - name: a
                ports: [{containerPort: 8080}, {containerPort: 9090, hostPort: 0}, {containerPort: 1, hostPort: 2}]
            """);

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);
        var result = PodSecurityEvaluator.Evaluate(PodFixtures.Policy("baseline:latest"), pod.Metadata, pod.Spec);

        Assert.Equal([8080, 9090, 2], pod.Spec.Containers[0].Ports.Select(p => p.HostPort ?? 0));
        Assert.Equal(53, pod.Spec.InitContainers[0].Ports[0].HostPort);
        Assert.Equal(
            "host namespaces (hostNetwork=true), hostPort (containers \"i\", \"a\" use hostPorts 2, 53, 8080, 9090)",
            result.ForbiddenDetail);
    }

    [Fact]
    public void Apply_HostNetworkPodTemplate_LeavesHostPortUnset()
    {
        var pod = Parse("""
            spec:
              hostNetwork: true
              containers:
              - name: a
                ports: [{containerPort: 8080}]
            """);

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Template);

        Assert.Null(pod.Spec.Containers[0].Ports[0].HostPort);
    }

    [Fact]
    public void Apply_NoHostNetwork_LeavesPortsAlone()
    {
        var pod = Parse("""
            spec:
              containers:
              - name: a
                ports: [{containerPort: 8080}]
            """);

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);

        Assert.Null(pod.Spec.Containers[0].Ports[0].HostPort);
    }

    [Fact]
    public void Apply_SeccompAnnotationOnly_IsNotSyncedIntoFields()
    {
        var pod = Parse("""
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: unconfined
            spec:
              containers: [{name: a}]
            """);

        ApiServerDefaulting.Apply(pod.Spec, PodSpecOwner.Pod);

        Assert.Null(pod.Spec.SecurityContext);
        Assert.True(PodSecurityEvaluator.Evaluate(PodFixtures.Policy("baseline:latest"), pod.Metadata, pod.Spec).Allowed);
    }
}
