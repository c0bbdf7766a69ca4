using AuthFunctions.Diagnostics;

namespace AuthFunctions.Storage;

/// <summary>Standalone (no Functions host, so no timer trigger): the same sweep as CleanupExpired, every 5 minutes.</summary>
internal sealed class CleanupService(ITicketStore tickets, TimeProvider time, ILogger<CleanupService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first sweep waits one interval: start-up does no storage calls.
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Log.CleanupDone(logger, await tickets.DeleteExpiredAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (StorageUnavailableException e)
            {
                Log.CleanupFailed(logger, e.Message);
            }
        }
    }
}
