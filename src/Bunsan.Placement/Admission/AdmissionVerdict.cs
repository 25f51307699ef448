namespace Bunsan.Placement.Admission;

/// <summary>An executor's answer to one request: admitted, or rejected at once because the deadline would be missed.</summary>
/// <param name="PredictedQueueWaitMs">The wait the executor predicts; rejections report it so gateways learn the load.</param>
/// <param name="PredictedCompletionMs">Predicted wait + expected execution.</param>
public readonly record struct AdmissionVerdict(bool Admitted, double PredictedQueueWaitMs, double PredictedCompletionMs);
