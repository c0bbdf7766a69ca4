using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Storage;

/// <summary><see cref="ITableClient.InsertBatchAsync"/>: all or none, one partition, on Azurite and in memory alike.</summary>
public sealed class TableBatchTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch.AddYears(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Clients() => ["azurite", "memory"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_batch_writes_every_row(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);

        (await tables.InsertBatchAsync(table, [Row("p", "f:1", "family"), Row("p", "t:1", "token")], Ct)).ShouldBeTrue();

        (await tables.GetAsync(table, "p", "f:1", Ct)).ShouldNotBeNull().Payload.ShouldBe("family");
        var token = (await tables.GetAsync(table, "p", "t:1", Ct)).ShouldNotBeNull();
        token.Payload.ShouldBe("token");
        token.ExpiresAt.ShouldBe(At);
        token.ETag.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_batch_with_one_existing_key_writes_none_of_its_rows_and_answers_false(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        (await tables.InsertAsync(table, Row("p", "b", "first"), Ct)).ShouldBeTrue();

        (await tables.InsertBatchAsync(table, [Row("p", "a", "new"), Row("p", "b", "second"), Row("p", "c", "new")], Ct)).ShouldBeFalse();

        (await tables.GetAsync(table, "p", "a", Ct)).ShouldBeNull();
        (await tables.GetAsync(table, "p", "b", Ct)).ShouldNotBeNull().Payload.ShouldBe("first");
        (await tables.GetAsync(table, "p", "c", Ct)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Of_two_batches_racing_for_one_key_exactly_one_is_written_whole(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(
            () => tables.InsertBatchAsync(table, [Row("p", "shared", $"{i}"), Row("p", $"own{i}", $"{i}")], Ct), Ct)));

        results.Count(won => won).ShouldBe(1);
        var winner = Array.IndexOf(results, true);
        (await tables.GetAsync(table, "p", "shared", Ct)).ShouldNotBeNull().Payload.ShouldBe($"{winner}");
        (await tables.ListAsync(table, "p", 100, null, Ct)).Rows.Select(r => r.RowKey).Order(StringComparer.Ordinal)
            .ShouldBe([$"own{winner}", "shared"]);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_batch_across_partitions_is_refused_before_any_request(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);

        await Should.ThrowAsync<ArgumentException>(() => tables.InsertBatchAsync(table, [Row("p", "a", "x"), Row("q", "b", "x")], Ct));

        (await tables.ListAsync(table, null, 10, null, Ct)).Rows.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task An_empty_an_oversized_or_a_repeating_batch_is_refused(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        var oversized = Enumerable.Range(0, ITableClient.MaxBatch + 1).Select(i => Row("p", $"r{i}", "x")).ToList();

        await Should.ThrowAsync<ArgumentException>(() => tables.InsertBatchAsync(table, [], Ct));
        await Should.ThrowAsync<ArgumentException>(() => tables.InsertBatchAsync(table, oversized, Ct));
        await Should.ThrowAsync<ArgumentException>(() => tables.InsertBatchAsync(table, [Row("p", "a", "x"), Row("p", "a", "y")], Ct));

        (await tables.ListAsync(table, null, 10, null, Ct)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_full_batch_of_a_hundred_rows_is_written()
    {
        var (tables, table) = await NewTableAsync("azurite");
        var rows = Enumerable.Range(0, ITableClient.MaxBatch).Select(i => Row("p", $"r{i:000}", "x")).ToList();

        (await tables.InsertBatchAsync(table, rows, Ct)).ShouldBeTrue();

        (await tables.ListAsync(table, "p", 1000, null, Ct)).Rows.Count.ShouldBe(ITableClient.MaxBatch);
    }

    private async Task<(ITableClient Tables, string Table)> NewTableAsync(string kind)
    {
        ITableClient tables = kind == "azurite" ? azurite.CreateTableClient() : new InMemoryTableClient();
        var table = "batch" + Guid.NewGuid().ToString("N")[..12];
        await tables.CreateTableIfNotExistsAsync(table, Ct);
        return (tables, table);
    }

    private static TableRow Row(string partition, string row, string payload) => new(partition, row, At, payload);
}
