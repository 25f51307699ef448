using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>Registers <see cref="PostgresGrainStorage"/> with a silo in one line.</summary>
public static class PostgresGrainStorageExtensions
{
    /// <summary>Adds PostgreSQL grain storage under <paramref name="name"/>; grains pick it with [PersistentState(state, name)].</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PostgresGrainStorageOptions>, OrleansSerializerByDefault>());
        builder.Services.AddGrainStorage(name, (services, key) => new PostgresGrainStorage(
            key,
            services.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(key),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        return builder;
    }

    /// <summary>Adds PostgreSQL grain storage as the default provider: grains that name none (every control-plane grain) use it.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresGrainStorageOptions> configure) =>
        builder.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Orleans' silo-wide default is Newtonsoft JSON; the state types are declared for Orleans' serializer (see README.md).</summary>
    private sealed class OrleansSerializerByDefault(IServiceProvider services) : IPostConfigureOptions<PostgresGrainStorageOptions>
    {
        public void PostConfigure(string? name, PostgresGrainStorageOptions options) =>
            options.GrainStorageSerializer ??= new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
