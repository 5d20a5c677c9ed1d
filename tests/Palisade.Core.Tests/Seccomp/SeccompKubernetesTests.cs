using Palisade.Core.Seccomp;
using YamlDotNet.RepresentationModel;

namespace Palisade.Core.Tests.Seccomp;

public sealed class SeccompKubernetesTests
{
    private static readonly SeccompProfile Profile = new()
    {
        DefaultAction = SeccompActions.Errno,
        DefaultErrnoRet = 1,
        Architectures = [SeccompArchitectures.X8664],
        Syscalls = [new SeccompRule(["read", "write"], SeccompActions.Allow)],
    };

    [Fact]
    public void SecurityProfilesOperatorObject_IsYamlWithTheSameRules()
    {
        var yaml = SeccompKubernetes.SecurityProfilesOperatorObject(Profile, "app", "vendor");

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("SeccompProfile", root["kind"].ToString());
        var spec = (YamlMappingNode)root["spec"];
        Assert.Equal("SCMP_ACT_ERRNO", spec["defaultAction"].ToString());
        var rule = (YamlMappingNode)((YamlSequenceNode)spec["syscalls"])[0];
        Assert.Equal(["read", "write"], ((YamlSequenceNode)rule["names"]).Select(n => n.ToString()));
    }

    [Fact]
    public void PodPatch_SelectsTheLocalhostProfile()
    {
        var yaml = SeccompKubernetes.PodPatch("app");

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var seccomp = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"])["template"])["spec"])["securityContext"];
        Assert.Equal("Localhost", ((YamlMappingNode)seccomp["seccompProfile"])["type"].ToString());
        Assert.Equal("palisade/app.json", ((YamlMappingNode)seccomp["seccompProfile"])["localhostProfile"].ToString());
    }
}
