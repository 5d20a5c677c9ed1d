using System.Text.Json.Nodes;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Seccomp;

/// <summary>
/// Proves a seccomp profile by running: the bundle unconfined, then a copy of its config with the profile as
/// <c>linux.seccomp</c> (runc applies it; runsc enforces it inside the sandbox with <c>--oci-seccomp</c>).
/// The user's bundle is never modified: the confined run uses its own config.json pointing at the same rootfs.
/// </summary>
public static class SeccompVerifier
{
    public static async Task<IReadOnlyList<SeccompVerification>> VerifyAsync(
        PreparedBundle bundle, string profileJson, IReadOnlyList<RuntimeKind> runtimes, TimeSpan timeout, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(runtimes);
        var confinedBundle = Directory.CreateTempSubdirectory("palisade-seccomp-");
        try
        {
            var config = JsonNode.Parse(await File.ReadAllTextAsync(bundle.ConfigPath, ct).ConfigureAwait(false))!.AsObject();
            config["root"] = new JsonObject { ["path"] = bundle.RootfsPath, ["readonly"] = config["root"]?["readonly"]?.DeepClone() ?? true };
            var linux = config["linux"] as JsonObject ?? new JsonObject();
            linux["seccomp"] = JsonNode.Parse(profileJson);
            config["linux"] = linux;
            await File.WriteAllTextAsync(Path.Combine(confinedBundle.FullName, "config.json"), config.ToJsonString(), ct).ConfigureAwait(false);

            var runner = new BundleRunner();
            var results = new List<SeccompVerification>();
            foreach (var runtime in runtimes)
            {
                var options = new RunOptions(timeout, CaptureSyscalls: false, EnforceOciSeccomp: true);
                progress?.Report($"{runtime}: running unconfined...");
                var unconfined = await runner.RunAsync(bundle.Directory, runtime, options, ct).ConfigureAwait(false);
                progress?.Report($"{runtime}: running under the profile...");
                var confined = await runner.RunAsync(confinedBundle.FullName, runtime, options, ct).ConfigureAwait(false);
                results.Add(new SeccompVerification(runtime, unconfined, confined));
            }

            return results;
        }
        finally
        {
            confinedBundle.Delete(recursive: true);
        }
    }
}
