using System.Collections.Concurrent;

namespace AuthFunctions.Storage;

/// <summary>Tickets in process memory: for single-instance development when no storage is configured.</summary>
internal sealed class InMemoryTicketStore(TimeProvider time) : ITicketStore
{
    private readonly ConcurrentDictionary<(TicketKind, string), (string Payload, DateTimeOffset ExpiresAt)> _rows = new();

    public Task SaveAsync(TicketKind kind, string key, string payload, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (!_rows.TryAdd((kind, key), (payload, expiresAt)))
        {
            throw new StorageUnavailableException("Ticket key collision.");
        }

        return Task.CompletedTask;
    }

    public Task<TakeResult> TakeAsync(TicketKind kind, string key, CancellationToken cancellationToken)
    {
        if (!_rows.TryRemove((kind, key), out var row))
        {
            return Task.FromResult(TakeResult.Missing);
        }

        return Task.FromResult(row.ExpiresAt <= time.GetUtcNow() ? TakeResult.Expired : new TakeResult(TakeOutcome.Taken, row.Payload));
    }

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var (k, v) in _rows)
        {
            if (v.ExpiresAt <= now && _rows.TryRemove(k, out _))
            {
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }
}
