namespace Bunsan.ControlPlane;

/// <summary>Every log event id of the control plane, in one place so they stay unique.</summary>
internal static class ControlPlaneEventIds
{
    public const int StorageOpened = 4100;
    public const int StorageConflict = 4101;
    public const int StorageUnreadable = 4102;
    public const int ControlPlaneStarted = 4200;
    public const int ControlPlaneStopped = 4201;
    public const int ApiListening = 4202;
    public const int PlanChanged = 4300;
    public const int FunctionMoved = 4301;
    public const int ReplanFailed = 4302;
    public const int AgentWatching = 4400;
    public const int JobBeatFailed = 4500;
    public const int JobAttemptSuperseded = 4501;
    public const int JobAttemptAbandoned = 4502;
    public const int JobLateResultDiscarded = 4503;
    public const int JobAttemptFailed = 4504;
    public const int ClusterPlanRelayFailed = 4600;
    public const int ClusterSiloLeft = 4601;
    public const int ClusterSiteReloadFailed = 4602;
}
