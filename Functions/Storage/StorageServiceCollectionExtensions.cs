using AuthFunctions.Core;
using AuthFunctions.Storage.Tables;

namespace AuthFunctions.Storage;

/// <summary>Registers Table Storage (or, with no storage configured, the in-memory tables) and the stores on it.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => CreateTableClient(sp, configuration));
        services.AddSingleton<TableCreator>();
        services.AddSingleton<ITicketStore, TableTicketStore>();
        services.AddSingleton<ExpiredRowSweeper>();
        foreach (var kind in Enum.GetValues<TicketKind>())
        {
            services.AddSingleton(new ExpiringTable(TableTicketStore.TableName(kind)));
        }

        return services;
    }

    private static ITableClient CreateTableClient(IServiceProvider sp, IConfiguration configuration)
    {
        var connection = StorageConnection.FromConfiguration(configuration);
        if (connection is null)
        {
            Log.InMemoryStorage(sp.GetRequiredService<ILogger<InMemoryTableClient>>());
            return new InMemoryTableClient();
        }

        return connection.CreateClient(sp.GetRequiredService<TimeProvider>());
    }
}
