using k8s.Models;
using Palisade.Core.PodSecurity.Checks;

namespace Palisade.Core.PodSecurity;

/// <summary>
/// Evaluates a pod (or pod template) against the Pod Security Standards exactly as upstream Pod Security Admission
/// does: same checks per version, same order, same reason and detail texts.
/// </summary>
public static class PodSecurityEvaluator
{
    // The last allowed result on this thread, reused for the next allowed evaluation at an equal policy so the
    // allowed path allocates nothing. Results are immutable, so sharing one is safe.
    [ThreadStatic]
    private static PodSecurityResult? t_lastAllowed;

    /// <summary>The newest policy version this build knows (<c>latest</c> evaluates as this).</summary>
    public static PodSecurityVersion MaxVersion { get; } = PodSecurityVersion.Of(CheckRegistry.MaxMinor);

    /// <summary>
    /// Runs every check of <paramref name="policy"/> against the pod. The inputs are not modified.
    /// <c>latest</c> and versions above <see cref="MaxVersion"/> are evaluated as <see cref="MaxVersion"/>, while the
    /// result keeps <paramref name="policy"/> as given so messages show the label value.
    /// </summary>
    public static PodSecurityResult Evaluate(LevelVersion policy, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(spec);

        var checks = CheckRegistry.ChecksFor(policy.Level, CheckRegistry.Clamp(policy.Version));
        List<CheckViolation>? violations = null;
        foreach (var check in checks)
        {
            if (check.Evaluate(check.Id, metadata, spec) is { } violation)
            {
                (violations ??= []).Add(violation);
            }
        }

        if (violations is not null)
        {
            return new PodSecurityResult(policy, violations);
        }

        var last = t_lastAllowed;
        if (last is not null && (ReferenceEquals(last.Policy, policy) || last.Policy.Equals(policy)))
        {
            return last;
        }

        last = new PodSecurityResult(policy, []);
        t_lastAllowed = last;
        return last;
    }
}
