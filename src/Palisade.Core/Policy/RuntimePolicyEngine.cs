using System.Text.Json.Nodes;
using k8s.Models;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy;

/// <summary>
/// Decides on one pod or pod template: which tier it falls into, what to patch, and whether the patched pod passes
/// the tier's Pod Security level and runtime rule. Thread-safe; build one per policy and reuse it: everything that
/// can be prepared (selectors, registry patterns, message texts) is prepared here.
/// </summary>
public sealed class RuntimePolicyEngine
{
    public const string RuntimeClassCheck = "runtimeClass";

    private const string CatchAllReason = "no other tier matched";
    private const string RuntimeDefault = "RuntimeDefault";

    private readonly Tier[] _tiers;
    private readonly HashSet<string> _knownClasses;
    private readonly string _knownClassList;

    public RuntimePolicyEngine(RuntimePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _tiers = [.. policy.Tiers.Select(t => new Tier(t))];
        _knownClasses = new HashSet<string>(policy.RuntimeClasses.Select(c => c.Name), StringComparer.Ordinal);
        _knownClassList = string.Join(", ", policy.RuntimeClasses.Select(c => c.Name));
    }

    public RuntimePolicy Policy { get; }

    public PolicyDecision Evaluate(PolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.PodSpec);
        var (tier, reason) = Match(request);
        var definition = tier.Definition;
        var spec = request.PodSpec;
        ApiServerDefaulting.Apply(spec, request.Kind == "Pod" ? PodSpecOwner.Pod : PodSpecOwner.Template);

        List<JsonPatchOperation>? patch = null;
        List<string>? warnings = null;
        var own = string.IsNullOrEmpty(spec.RuntimeClassName) ? null : spec.RuntimeClassName;
        var effective = own;
        if (own is null && definition.RuntimeClass is not null)
        {
            effective = definition.RuntimeClass;
            (patch ??= []).Add(new("add", request.PodSpecPointer + "/runtimeClassName", JsonValue.Create(effective)));
        }
        else if (own is not null && !_knownClasses.Contains(own))
        {
            (warnings ??= []).Add($"runtimeClassName \"{own}\" is not a runtime class of policy \"{Policy.Name}\" ({_knownClassList})");
        }

        var evaluated = spec;
        if (definition.DefaultSeccompProfile && spec.SecurityContext?.SeccompProfile is null)
        {
            var profile = new JsonObject { ["type"] = RuntimeDefault };
            (patch ??= []).Add(spec.SecurityContext is null
                ? new("add", request.PodSpecPointer + "/securityContext", new JsonObject { ["seccompProfile"] = profile })
                : new("add", request.PodSpecPointer + "/securityContext/seccompProfile", profile));
            evaluated = ShallowCopy.Of(spec);
            var context = spec.SecurityContext is null ? new V1PodSecurityContext() : ShallowCopy.Of(spec.SecurityContext);
            context.SeccompProfile = new V1SeccompProfile { Type = RuntimeDefault };
            evaluated.SecurityContext = context;
        }

        if (definition.DisableServiceAccountTokenAutomount && spec.AutomountServiceAccountToken is null)
        {
            (patch ??= []).Add(new("add", request.PodSpecPointer + "/automountServiceAccountToken", JsonValue.Create(false)));
        }

        var pss = PodSecurityEvaluator.Evaluate(definition.PodSecurity, request.PodMetadata, evaluated);
        List<PolicyViolation>? violations = null;
        foreach (var v in pss.Violations)
        {
            (violations ??= []).Add(new PolicyViolation(v.CheckId, v.ToString()));
        }

        string? runtimeMessage = null;
        if (definition.AllowedRuntimeClasses.Count > 0 && (effective is null || !tier.Allows(effective)))
        {
            runtimeMessage = effective is null
                ? $"runtime policy tier \"{definition.Name}\" ({reason}) requires runtimeClassName {tier.AllowedText}; the pod sets none"
                : $"runtime policy tier \"{definition.Name}\" ({reason}) allows runtimeClassName {tier.AllowedText} only; the pod sets \"{effective}\"";
            (violations ??= []).Add(new PolicyViolation(RuntimeClassCheck, runtimeMessage));
        }

        var allowed = pss.Allowed && runtimeMessage is null;
        string? message = null;
        if (!allowed)
        {
            message = pss.Allowed ? runtimeMessage : runtimeMessage is null ? pss.DenialMessage : pss.DenialMessage + "; " + runtimeMessage;
        }

        return new PolicyDecision(
            definition.Name,
            reason,
            effective,
            definition.AllowedRuntimeClasses,
            definition.SandboxRequired,
            allowed,
            (IReadOnlyList<JsonPatchOperation>?)patch ?? [],
            (IReadOnlyList<PolicyViolation>?)violations ?? [],
            (IReadOnlyList<string>?)warnings ?? [])
        {
            PodSecurity = definition.PodSecurity,
            Message = message,
        };
    }

    private (Tier Tier, string Reason) Match(PolicyRequest request)
    {
        foreach (var tier in _tiers)
        {
            if (tier.Rules.Length == 0)
            {
                return (tier, CatchAllReason);
            }

            foreach (var rule in tier.Rules)
            {
                if (rule.Match(request) is { } reason)
                {
                    return (tier, reason);
                }
            }
        }

        // The loader guarantees a catch-all tier; a policy built by hand may lack one.
        throw new InvalidOperationException($"runtime policy \"{Policy.Name}\" has no tier that matches this pod (the last tier must have no match rules)");
    }

    private sealed class Tier
    {
        public Tier(PolicyTier definition)
        {
            Definition = definition;
            Rules = [.. definition.Match.Select(r => new CompiledRule(r))];
            var allowed = definition.AllowedRuntimeClasses;
            AllowedText = allowed.Count <= 1
                ? string.Join("", allowed)
                : string.Join(", ", definition.AllowedRuntimeClasses.Take(definition.AllowedRuntimeClasses.Count - 1))
                    + " or " + definition.AllowedRuntimeClasses[^1];
        }

        public PolicyTier Definition { get; }

        public CompiledRule[] Rules { get; }

        public string AllowedText { get; }

        public bool Allows(string runtimeClass)
        {
            var allowed = Definition.AllowedRuntimeClasses;
            for (var i = 0; i < allowed.Count; i++)
            {
                if (string.Equals(allowed[i], runtimeClass, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
