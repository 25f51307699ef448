using Bunsan.ControlPlane.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `/v1/jobs`: submit a durable job (stored before the answer; 202), and read it back. An idempotency key makes a
/// submission safe to repeat: the same body under the same key returns the same job (200), a different body is 409.
/// </summary>
public static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/jobs", async (HttpRequest request, IGrainFactory grains, CancellationToken cancel) =>
        {
            byte[]? bytes = await ApiBody.ReadBytesAsync(request, JobSubmitBody.MaxBodyBytes, cancel);
            if (bytes is null)
            {
                return ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, "body_too_large",
                    $"the body is over {JobSubmitBody.MaxBodyBytes:N0} bytes: send an input of at most {JobSubmitBody.MaxInputBytes:N0} bytes (base64 in input)");
            }
            (JobRequest? job, IReadOnlyList<string> errors) = JobSubmitBody.Parse(bytes);
            if (job is null)
            {
                return ApiErrors.BadRequest(errors);
            }
            string id = job.IdempotencyKey is { } key ? JobIds.FromIdempotencyKey(key) : JobIds.NewRandom();
            // A replay under a used key gets its job back even if the function was removed since: the job exists.
            bool replay = job.IdempotencyKey is not null && await grains.Job(id).GetJob() is not null;
            if (!replay && await grains.Function(job.Function).GetDeployment() is null)
            {
                return ApiErrors.BadRequest($"function '{job.Function}' is not deployed: deploy it first (bunsan fn deploy), or pick one of GET /v1/functions");
            }
            JobSubmission submitted = await grains.Job(id).Submit(job);
            if (submitted.Conflict)
            {
                return ApiErrors.Problem(StatusCodes.Status409Conflict, "idempotency_conflict",
                    $"idempotency_key '{job.IdempotencyKey}' was used for a different job (id {id}): send the same body again to get that job, or use a new key");
            }
            return Results.Json(JobView.From(submitted.Job!), ApiJson.Options,
                statusCode: submitted.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
        }).WithSummary("Submits a durable job (function, base64 input, optional deadline_ms and idempotency_key); stored before the 202")
          .Produces<JobView>(StatusCodes.Status202Accepted);

        api.MapGet("/jobs/{id}", async (string id, IGrainFactory grains) =>
        {
            if (!JobIds.IsWellFormed(id))
            {
                return ApiErrors.BadRequest($"'{(id.Length <= 40 ? id : id[..37] + "...")}' is not a job id: use the 32 lowercase hex digits that POST /v1/jobs returned");
            }
            return await grains.Job(id).GetJob() is { } job
                ? Results.Json(JobView.From(job), ApiJson.Options)
                : ApiErrors.NotFound($"no job {id}: check the id POST /v1/jobs returned");
        }).WithSummary("One job: state, attempts (site, epoch, times, outcome) and result")
          .Produces<JobView>();
    }
}
