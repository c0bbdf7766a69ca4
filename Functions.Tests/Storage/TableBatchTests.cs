using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Storage;

/// <summary><see cref="ITableClient.WriteBatchAsync"/>: all or none, one partition, on Azurite and in memory alike.</summary>
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

        (await tables.WriteBatchAsync(table, [Add("p", "f:1", "family"), Add("p", "t:1", "token")], Ct)).ShouldBeTrue();

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

        (await tables.WriteBatchAsync(table, [Add("p", "a", "new"), Add("p", "b", "second"), Add("p", "c", "new")], Ct)).ShouldBeFalse();

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
            () => tables.WriteBatchAsync(table, [Add("p", "shared", $"{i}"), Add("p", $"own{i}", $"{i}")], Ct), Ct)));

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

        await Should.ThrowAsync<ArgumentException>(() => tables.WriteBatchAsync(table, [Add("p", "a", "x"), Add("q", "b", "x")], Ct));

        (await tables.ListAsync(table, null, 10, null, Ct)).Rows.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task An_empty_an_oversized_or_a_repeating_batch_is_refused(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        var oversized = Enumerable.Range(0, ITableClient.MaxBatch + 1).Select(i => Add("p", $"r{i}", "x")).ToList();

        await Should.ThrowAsync<ArgumentException>(() => tables.WriteBatchAsync(table, [], Ct));
        await Should.ThrowAsync<ArgumentException>(() => tables.WriteBatchAsync(table, oversized, Ct));
        await Should.ThrowAsync<ArgumentException>(() => tables.WriteBatchAsync(table, [Add("p", "a", "x"), Add("p", "a", "y")], Ct));

        (await tables.ListAsync(table, null, 10, null, Ct)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_full_batch_of_a_hundred_rows_is_written()
    {
        var (tables, table) = await NewTableAsync("azurite");
        var rows = Enumerable.Range(0, ITableClient.MaxBatch).Select(i => Add("p", $"r{i:000}", "x")).ToList();

        (await tables.WriteBatchAsync(table, rows, Ct)).ShouldBeTrue();

        (await tables.ListAsync(table, "p", 1000, null, Ct)).Rows.Count.ShouldBe(ITableClient.MaxBatch);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_batch_inserts_and_replaces_a_row_whose_etag_still_matches(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        await tables.InsertAsync(table, Row("p", "t:1", "live"), Ct);
        var etag = (await tables.GetAsync(table, "p", "t:1", Ct))!.ETag!;

        (await tables.WriteBatchAsync(table, [Add("p", "t:2", "live"), TableWrite.Replace(Row("p", "t:1", "spent"), etag)], Ct)).ShouldBeTrue();

        (await tables.GetAsync(table, "p", "t:2", Ct)).ShouldNotBeNull().Payload.ShouldBe("live");
        var replaced = (await tables.GetAsync(table, "p", "t:1", Ct)).ShouldNotBeNull();
        replaced.Payload.ShouldBe("spent");
        replaced.ETag.ShouldNotBe(etag);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_batch_whose_replace_has_a_stale_etag_or_no_row_writes_nothing_and_answers_false(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        await tables.InsertAsync(table, Row("p", "t:1", "v1"), Ct);
        var stale = (await tables.GetAsync(table, "p", "t:1", Ct))!.ETag!;
        (await tables.ReplaceAsync(table, Row("p", "t:1", "v2"), stale, Ct)).ShouldNotBeNull();

        (await tables.WriteBatchAsync(table, [Add("p", "t:2", "new"), TableWrite.Replace(Row("p", "t:1", "v3"), stale)], Ct)).ShouldBeFalse();
        (await tables.WriteBatchAsync(table, [Add("p", "t:3", "new"), TableWrite.Replace(Row("p", "gone", "v1"), stale)], Ct)).ShouldBeFalse();

        (await tables.GetAsync(table, "p", "t:1", Ct)).ShouldNotBeNull().Payload.ShouldBe("v2");
        (await tables.GetAsync(table, "p", "t:2", Ct)).ShouldBeNull();
        (await tables.GetAsync(table, "p", "t:3", Ct)).ShouldBeNull();
        (await tables.GetAsync(table, "p", "gone", Ct)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Of_ten_batches_replacing_one_etag_exactly_one_is_written(string kind)
    {
        var (tables, table) = await NewTableAsync(kind);
        await tables.InsertAsync(table, Row("p", "live", "v0"), Ct);
        var etag = (await tables.GetAsync(table, "p", "live", Ct))!.ETag!;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(
            () => tables.WriteBatchAsync(table, [Add("p", $"next{i}", $"{i}"), TableWrite.Replace(Row("p", "live", $"{i}"), etag)], Ct), Ct)));

        results.Count(won => won).ShouldBe(1);
        var winner = Array.IndexOf(results, true);
        (await tables.GetAsync(table, "p", "live", Ct)).ShouldNotBeNull().Payload.ShouldBe($"{winner}");
        (await tables.ListAsync(table, "p", 100, null, Ct)).Rows.Select(r => r.RowKey).Order(StringComparer.Ordinal)
            .ShouldBe(["live", $"next{winner}"]);
    }

    private async Task<(ITableClient Tables, string Table)> NewTableAsync(string kind)
    {
        ITableClient tables = kind == "azurite" ? azurite.CreateTableClient() : new InMemoryTableClient();
        var table = "batch" + Guid.NewGuid().ToString("N")[..12];
        await tables.CreateTableIfNotExistsAsync(table, Ct);
        return (tables, table);
    }

    private static TableRow Row(string partition, string row, string payload) => new(partition, row, At, payload);

    private static TableWrite Add(string partition, string row, string payload) => TableWrite.Insert(Row(partition, row, payload));
}
