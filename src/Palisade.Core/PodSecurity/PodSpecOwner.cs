namespace Palisade.Core.PodSecurity;

/// <summary>What holds a pod spec; the API server defaults a Pod's spec further than a controller's pod template.</summary>
public enum PodSpecOwner
{
    /// <summary>A Pod object: <c>SetDefaults_Pod</c> runs too.</summary>
    Pod,

    /// <summary>The pod template of a Deployment, DaemonSet, Job, CronJob, PodTemplate and the like.</summary>
    Template,
}
