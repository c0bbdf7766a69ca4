using AuthFunctions.Core;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthFunctions.Storage;

/// <summary>Registers Table Storage (or its in-memory stand-in when nothing is configured) and the app's one Azure credential.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>AzureWebJobsStorage</c> now, so a bad value stops start-up naming the setting; creates the clients
    /// lazily and without network I/O (tables are created on first use by <see cref="TableCreator"/>).
    /// Also registers the <see cref="TokenCredential"/> that Key Vault shares.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.FromConfiguration(configuration);
        services.TryAddSingleton(_ => StorageCredential.Create(settings));
        services.TryAddSingleton(sp => CreateTableClient(sp, settings));
        services.TryAddSingleton<TableCreator>();
        services.TryAddSingleton<ITicketStore, TableTicketStore>();
        services.TryAddSingleton<ExpiredRowSweeper>();
        foreach (var kind in Enum.GetValues<TicketKind>())
        {
            services.AddSingleton(new ExpiringTable(TableTicketStore.TableName(kind)));
        }

        return services;
    }

    private static ITableClient CreateTableClient(IServiceProvider sp, StorageSettings? settings)
    {
        if (settings is null)
        {
            Log.InMemoryStorage(sp.GetRequiredService<ILogger<InMemoryTableClient>>());
            return new InMemoryTableClient();
        }

        return new AzureTableClient(settings.CreateServiceClient(sp.GetRequiredService<TokenCredential>, AzureTableClient.CreateOptions()));
    }
}
