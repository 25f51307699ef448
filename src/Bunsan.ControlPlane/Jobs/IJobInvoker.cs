namespace Bunsan.ControlPlane.Jobs;

/// <summary>One attempt's call: runs the job's function at one site and says what came back. Never throws for the site's failures.</summary>
public interface IJobInvoker
{
    /// <param name="budgetMs">What is left of the attempt's lease: the site admits the work only if it can finish within it.</param>
    /// <param name="cancellationToken">Cancelled when the control plane stops, or long after the lease (the answer is then worthless).</param>
    Task<AttemptReport> InvokeAsync(JobTarget target, string functionName, byte[] input, double budgetMs, CancellationToken cancellationToken);
}
