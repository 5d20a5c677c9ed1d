using Palisade.Core.Policy;

namespace Palisade.Webhook.Tests;

/// <summary>Policy and certificate files changed on disk while the server runs.</summary>
public sealed class ReloadTests
{
    private static readonly string KataForVendors = RuntimePolicyLoader.DefaultText;

    private static readonly string GvisorForVendors = RuntimePolicyLoader.DefaultText
        .Replace("runtimeClass: kata\n      allowedRuntimeClasses: [kata]", "runtimeClass: gvisor\n      allowedRuntimeClasses: [gvisor]", StringComparison.Ordinal);

    [Fact]
    public async Task PolicyFile_ReplacedWithValidPolicy_NewPolicyAnswersWithoutRestart()
    {
        Assert.NotEqual(KataForVendors, GvisorForVendors);
        await using var server = await TestServer.StartAsync(KataForVendors);
        Assert.Equal("kata", await VendorClassAsync(server));

        await ReplaceAsync(server.PolicyPath, GvisorForVendors);

        Assert.Equal("gvisor", await EventuallyAsync(() => VendorClassAsync(server), "gvisor"));

        // The new policy answers a moment before the reload is counted: wait for the count too.
        const string Counted = "palisade_policy_reloads_total{result=\"success\"} 1";
        Assert.Contains(Counted, await EventuallyAsync(() => server.GetStringAsync("/metrics"), Counted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyFile_ReplacedWithInvalidPolicy_KeepsLastGoodPolicyAndReportsIt()
    {
        await using var server = await TestServer.StartAsync(KataForVendors);

        await ReplaceAsync(server.PolicyPath, KataForVendors.Replace("runtimeClass: kata\n", "runtimeClass: firecracker\n", StringComparison.Ordinal).Replace("level: restricted", "level: strictest", StringComparison.Ordinal));

        var metrics = await EventuallyAsync(() => server.GetStringAsync("/metrics"), "palisade_policy_reloads_total{result=\"failure\"} 1");
        Assert.Contains("palisade_policy_reload_failing 1", metrics, StringComparison.Ordinal);
        Assert.Equal("kata", await VendorClassAsync(server));
        // The failure is counted a moment before it is logged: wait for the line too.
        await EventuallyAsync(() => Task.FromResult(string.Join('\n', server.Logs.Lines)), "rejected, keeping the last good policy");
        var rejected = Assert.Single(server.Logs.Lines, l => l.Contains("rejected, keeping the last good policy", StringComparison.Ordinal));
        Assert.Contains("firecracker", rejected, StringComparison.Ordinal);
        Assert.Contains("strictest", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_RotatedOnDisk_NewCertificateServedWithoutRestart()
    {
        await using var server = await TestServer.StartAsync();
        var before = await server.HandshakeCertificateAsync();
        var next = TestCertificate.Create("palisade-test-2");
        server.Trust(next);

        TestCertificate.Write(next, server.CertPath, server.KeyPath);

        Assert.Equal(next.GetCertHashString(), await EventuallyAsync(server.HandshakeCertificateAsync, next.GetCertHashString()));
        Assert.NotEqual(before, next.GetCertHashString());
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("web")));
        Assert.True((bool)response["allowed"]!);
        Assert.Contains("palisade_certificate_reloads_total{result=\"success\"}", await server.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_ReplacedByGarbage_OldCertificateKeptAndFailureCounted()
    {
        await using var server = await TestServer.StartAsync();
        var before = await server.HandshakeCertificateAsync();

        await ReplaceAsync(server.CertPath, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        await EventuallyAsync(() => server.GetStringAsync("/metrics"), "palisade_certificate_reloads_total{result=\"failure\"} 1");
        Assert.Equal(before, await server.HandshakeCertificateAsync());
    }

    private static async Task<string> VendorClassAsync(TestServer server)
    {
        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("scraper", "vendor-workload=true")));
        return (string?)response["auditAnnotations"]?["runtime-class"] ?? "";
    }

    private static async Task ReplaceAsync(string path, string text)
    {
        var temp = path + ".new";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Asks again until the answer contains <paramref name="expected"/>, for up to 10 s; returns the last answer.</summary>
    private static async Task<string> EventuallyAsync(Func<Task<string>> ask, string expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string last;
        do
        {
            last = await ask();
            if (last.Contains(expected, StringComparison.Ordinal))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(10));

        return last;
    }
}
