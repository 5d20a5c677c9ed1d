using System.Text;
using Palisade.Core.Admission;

namespace Palisade.Cli.Output;

/// <summary>The human form of an admission answer: verdict, tier and why, the patch decoded, message and warnings.</summary>
internal static class AdmitTextRenderer
{
    public static string Render(AdmissionOutcome outcome, AdmissionEndpoint endpoint)
    {
        var response = outcome.Response!;
        var sb = new StringBuilder();
        var subject = $"{outcome.Kind} {(string.IsNullOrEmpty(outcome.Namespace) ? "" : outcome.Namespace + "/")}{outcome.Name}";
        var webhook = endpoint == AdmissionEndpoint.Mutate ? "mutate" : "validate";
        sb.Append(response.Allowed ? "ALLOWED" : "DENIED").Append(' ').Append(subject)
          .Append(" (").Append(outcome.Operation).Append(", ").Append(webhook).Append(outcome.DryRun ? ", dry run" : "").AppendLine(")");
        sb.Append("  verdict:       ").AppendLine(outcome.Verdict);
        if (outcome.Tier.Length > 0)
        {
            sb.Append("  tier:          ").Append(outcome.Tier).AppendLine(outcome.TierReason.Length > 0 ? $" ({outcome.TierReason})" : "");
        }

        if (outcome.RuntimeClass.Length > 0)
        {
            sb.Append("  runtime class: ").AppendLine(outcome.RuntimeClass);
        }

        if (outcome.Decision?.PodSecurity is { } pss)
        {
            sb.Append("  pod security:  ").AppendLine(pss.ToString());
        }

        if (response.Patch is { } patch)
        {
            sb.Append("  patch:         ").AppendLine(Encoding.UTF8.GetString(patch));
        }

        if (outcome.EvaluationError is { } error)
        {
            sb.Append("  not evaluated: ").AppendLine(error);
        }

        if (response.Status is { } status)
        {
            sb.Append("  message:       ").AppendLine(status.Message);
        }

        foreach (var warning in response.Warnings ?? [])
        {
            sb.Append("  warning:       ").AppendLine(warning);
        }

        return sb.ToString().TrimEnd();
    }
}
