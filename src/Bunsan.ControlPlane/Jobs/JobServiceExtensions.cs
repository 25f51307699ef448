using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>Registers durable jobs' dispatcher with a control plane host's services (the container its silo shares).</summary>
public static class JobServiceExtensions
{
    public static IServiceCollection AddBunsanJobs(this IServiceCollection services, JobOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new JobOptions();
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("job options: " + string.Join("; ", errors), nameof(options));
        }
        services.TryAddSingleton(options);
        services.TryAddSingleton<IJobInvoker, HttpJobInvoker>();
        services.TryAddSingleton<JobDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<JobDispatcher>());
        return services;
    }
}
