using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Storage;

/// <summary><see cref="ITableClient.ListAsync"/> pages one partition in key order, on Azurite and in memory alike.</summary>
public sealed class TableListTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Clients() => ["azurite", "memory"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_partition_is_listed_page_by_page_in_key_order(string kind)
    {
        ITableClient tables = kind == "azurite" ? azurite.CreateTableClient() : new InMemoryTableClient();
        var table = "list" + Guid.NewGuid().ToString("N")[..12];
        await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        var at = DateTimeOffset.UnixEpoch.AddYears(60);
        foreach (var (pk, rk) in new[] { ("p", "c"), ("p", "a"), ("q", "a"), ("p", "b") })
        {
            (await tables.InsertAsync(table, new TableRow(pk, rk, at, $"{{\"k\":\"{pk}{rk}\"}}"), CancellationToken.None)).ShouldBeTrue();
        }

        var first = await tables.ListAsync(table, "p", 2, null, CancellationToken.None);
        first.Rows.Select(r => r.RowKey).ShouldBe(["a", "b"]);
        first.Rows[0].Payload.ShouldBe("{\"k\":\"pa\"}");
        var second = await tables.ListAsync(table, "p", 2, first.Continuation.ShouldNotBeNull(), CancellationToken.None);
        second.Rows.Select(r => r.RowKey).ShouldBe(["c"]);
        second.Continuation.ShouldBeNull();

        var all = await tables.ListAsync(table, null, 10, null, CancellationToken.None);
        all.Rows.Select(r => r.PartitionKey + r.RowKey).ShouldBe(["pa", "pb", "pc", "qa"]);
    }
}
