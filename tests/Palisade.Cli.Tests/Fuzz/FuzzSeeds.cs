namespace Palisade.Cli.Tests.Fuzz;

/// <summary>Valid inputs the fuzzer mutates: one per shape each surface reads.</summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<string> Manifests { get; } =
    [
        .. Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples", "manifests")).Order(StringComparer.Ordinal).Select(File.ReadAllText),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: x}\nspec:\n  hostNetwork: false\n  containers:\n  - name: c\n    image: x:1\n    securityContext: {privileged: true, runAsUser: 0, capabilities: {add: [NET_ADMIN]}}\n    resources: {limits: {cpu: 1, memory: 64Mi}}\n",
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"runtimeClassName\":\"gvisor\",\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":8080,\"hostPort\":80}]}]}}}}]}\n",
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j, namespace: n}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          volumes: [{name: h, hostPath: {path: /}}]\n          containers: [{name: c, image: x, volumeMounts: [{name: h, mountPath: /h}]}]\n---\nanchor: &a {x: 1}\nuse: *a\n",
    ];

    public static IReadOnlyList<string> Reviews { get; } =
        Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples", "admission"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    public static IReadOnlyList<string> SeccompProfiles { get; } =
    [
        "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": 1,\n  \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n  \"syscalls\": [\n    {\"names\": [\"read\", \"write\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"},\n    {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 8, \"valueTwo\": 0, \"op\": \"SCMP_CMP_EQ\"}]}\n  ]\n}\n",
        "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [\n    {\"names\": [\"ptrace\", \"mount\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}\n  ]\n}\n",
        "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"archMap\":[{\"architecture\":\"SCMP_ARCH_AARCH64\",\"subArchitectures\":[\"SCMP_ARCH_ARM\"]}],\"syscalls\":[{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_LOG\"},{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2114060288,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}\n",
    ];

    public static IReadOnlyList<string> ContainerdConfigs { get; } =
    [
        "version = 2\nroot = \"/var/lib/containerd\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".containerd]\n  default_runtime_name = \"runc\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n  runtime_type = \"io.containerd.runc.v2\"\n\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n",
        "version = 3\n\n[plugins.'io.containerd.cri.v1.runtime'.containerd]\n  default_runtime_name = 'runc'\n\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc]\n  runtime_type = 'io.containerd.runsc.v1'\n  pod_annotations = ['dev.gvisor.*']\n\n[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runsc.options]\n  TypeUrl = 'io.containerd.runsc.v1.options'\n  ConfigPath = '/etc/containerd/runsc.toml'\n",
        "version = 2\nimports = [\"/etc/containerd/conf.d/*.toml\"]\n[grpc]\n  address = \"/run/containerd/containerd.sock\"\n  max_recv_message_size = 16777216\n[plugins]\n  [plugins.\"io.containerd.grpc.v1.cri\"]\n    sandbox_image = \"registry.k8s.io/pause:3.9\"\n    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.kata]\n      runtime_type = \"io.containerd.kata.v2\"\n      privileged_without_host_devices = true\n",
    ];
}
