using System.Diagnostics;
using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Shouldly;
using Xunit;

namespace AuthFunctions.Tests.Storage;

/// <summary>The Azure.Data.Tables client against a real Azurite; every test works in its own table.</summary>
public sealed class AzureTableClientTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Insert_then_get_returns_the_row_with_an_etag()
    {
        var (client, table) = await NewTableAsync();
        var row = new TableRow("p", "it's a key & more %20 ü", Now, """{"sub":"alice"}""");

        (await client.InsertAsync(table, row, Ct)).ShouldBeTrue();
        var read = await client.GetAsync(table, row.PartitionKey, row.RowKey, Ct);

        read.ShouldNotBeNull();
        read.PartitionKey.ShouldBe(row.PartitionKey);
        read.RowKey.ShouldBe(row.RowKey);
        read.ExpiresAt.ShouldBe(row.ExpiresAt);
        read.Payload.ShouldBe(row.Payload);
        read.ETag.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Rows_keep_the_columns_the_app_has_always_written()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "payload"), Ct);

        // Read with the SDK directly: ExpiresAt is an Edm.DateTime and Payload a string, as rows written before the SDK.
        var raw = (await new TableClient(azurite.ConnectionString, table).GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value;

        raw["ExpiresAt"].ShouldBeOfType<DateTimeOffset>().ShouldBe(Now);
        raw.GetString("Payload").ShouldBe("payload");
        raw.Keys.Except(["PartitionKey", "RowKey", "Timestamp", "odata.etag"]).Order().ShouldBe(["ExpiresAt", "Payload"]);
    }

    [Fact]
    public async Task Insert_of_an_existing_key_returns_false()
    {
        var (client, table) = await NewTableAsync();
        (await client.InsertAsync(table, new TableRow("p", "r", Now, "first"), Ct)).ShouldBeTrue();

        (await client.InsertAsync(table, new TableRow("p", "r", Now, "second"), Ct)).ShouldBeFalse();
        (await client.GetAsync(table, "p", "r", Ct))!.Payload.ShouldBe("first");
    }

    [Fact]
    public async Task Get_of_a_missing_row_returns_null()
    {
        var (client, table) = await NewTableAsync();

        (await client.GetAsync(table, "p", "missing", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Create_table_twice_is_not_an_error()
    {
        var (client, table) = await NewTableAsync();

        await client.CreateTableIfNotExistsAsync(table, Ct);
    }

    [Fact]
    public async Task Delete_with_matching_etag_wins_and_the_row_is_gone()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "x"), Ct);
        var etag = (await client.GetAsync(table, "p", "r", Ct))!.ETag!;

        (await client.DeleteAsync(table, "p", "r", etag, Ct)).ShouldBeTrue();
        (await client.GetAsync(table, "p", "r", Ct)).ShouldBeNull();
        (await client.DeleteAsync(table, "p", "r", etag, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task Delete_with_stale_etag_loses()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "x"), Ct);
        var stale = (await client.GetAsync(table, "p", "r", Ct))!.ETag!;
        (await client.ReplaceAsync(table, new TableRow("p", "r", Now, "y"), stale, Ct)).ShouldNotBeNull();

        (await client.DeleteAsync(table, "p", "r", stale, Ct)).ShouldBeFalse();
        (await client.GetAsync(table, "p", "r", Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Twenty_concurrent_deletes_with_the_same_etag_have_exactly_one_winner()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "code", Now, "x"), Ct);
        var etag = (await client.GetAsync(table, "p", "code", Ct))!.ETag!;

        var results = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.DeleteAsync(table, "p", "code", etag, Ct), Ct)));

        results.Count(won => won).ShouldBe(1);
    }

    [Fact]
    public async Task Take_by_twenty_concurrent_callers_has_exactly_one_winner()
    {
        var client = azurite.CreateTableClient();
        var store = new TableTicketStore(client, new TableCreator(client), TimeProvider.System);
        var key = AuthFunctions.Core.Crypto.Hash(AuthFunctions.Core.Crypto.RandomToken());

        // Far in the future: a sweep test with its clock advanced by days shares this table and must not take the row first.
        await store.SaveAsync(TicketKind.Handoff, key, "payload", TimeProvider.System.GetUtcNow().AddYears(50), Ct);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.TakeAsync(TicketKind.Handoff, key, Ct), Ct)));

        results.Count(r => r.Outcome == TakeOutcome.Taken).ShouldBe(1);
        results.Single(r => r.Outcome == TakeOutcome.Taken).Payload.ShouldBe("payload");
        results.Count(r => r.Outcome is TakeOutcome.Lost or TakeOutcome.Missing).ShouldBe(19);
    }

    [Fact]
    public async Task Replace_with_current_etag_swaps_and_returns_a_new_etag()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "v1"), Ct);
        var etag = (await client.GetAsync(table, "p", "r", Ct))!.ETag!;

        var newEtag = await client.ReplaceAsync(table, new TableRow("p", "r", Now.AddHours(1), "v2"), etag, Ct);

        newEtag.ShouldNotBeNull();
        newEtag.ShouldNotBe(etag);
        var read = await client.GetAsync(table, "p", "r", Ct);
        read!.Payload.ShouldBe("v2");
        read.ExpiresAt.ShouldBe(Now.AddHours(1));
        read.ETag.ShouldBe(newEtag);
    }

    [Fact]
    public async Task Replace_with_stale_etag_loses()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "v1"), Ct);
        var stale = (await client.GetAsync(table, "p", "r", Ct))!.ETag!;
        (await client.ReplaceAsync(table, new TableRow("p", "r", Now, "v2"), stale, Ct)).ShouldNotBeNull();

        (await client.ReplaceAsync(table, new TableRow("p", "r", Now, "v3"), stale, Ct)).ShouldBeNull();
        (await client.GetAsync(table, "p", "r", Ct))!.Payload.ShouldBe("v2");
    }

    [Fact]
    public async Task Replace_of_a_deleted_row_returns_null()
    {
        var (client, table) = await NewTableAsync();
        await client.InsertAsync(table, new TableRow("p", "r", Now, "v1"), Ct);
        var etag = (await client.GetAsync(table, "p", "r", Ct))!.ETag!;
        await client.DeleteAsync(table, "p", "r", etag, Ct);

        (await client.ReplaceAsync(table, new TableRow("p", "r", Now, "v2"), etag, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_batch_is_one_request()
    {
        var (_, table) = await NewTableAsync();
        var counting = new CountingPolicy();
        var options = AzureTableClient.CreateOptions();
        options.AddPolicy(counting, HttpPipelinePosition.PerCall);
        var client = new AzureTableClient(new TableServiceClient(azurite.ConnectionString, options));

        (await client.WriteBatchAsync(table, [TableWrite.Insert(new TableRow("p", "a", Now, "x")), TableWrite.Insert(new TableRow("p", "b", Now, "y"))], Ct)).ShouldBeTrue();

        counting.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_into_a_missing_table_is_storage_unavailable()
    {
        var client = azurite.CreateTableClient();

        await Should.ThrowAsync<StorageUnavailableException>(
            () => client.WriteBatchAsync(UniqueTable(), [TableWrite.Insert(new TableRow("p", "r", Now, "x"))], Ct));
    }

    [Fact]
    public async Task Query_expired_returns_exactly_the_rows_expiring_before_the_cutoff()
    {
        var (client, table) = await NewTableAsync();
        var expected = await InsertHalfExpiredAsync(client, table, count: 30);

        var found = await ToListAsync(client.QueryExpiredAsync(table, Now, Ct));

        found.Select(r => r.RowKey).Order().ShouldBe(expected);
        found.ShouldAllBe(r => r.Payload == string.Empty && !string.IsNullOrEmpty(r.ETag) && r.ExpiresAt < Now);
    }

    [Fact]
    public async Task Query_expired_follows_continuation_across_small_pages()
    {
        var (client, table) = await NewTableAsync();
        var expected = await InsertHalfExpiredAsync(client, table, count: 30);
        var counting = new CountingPolicy();
        var options = AzureTableClient.CreateOptions();
        options.AddPolicy(counting, HttpPipelinePosition.PerCall);
        var paged = new AzureTableClient(new TableServiceClient(azurite.ConnectionString, options), pageSize: 4);

        var found = await ToListAsync(paged.QueryExpiredAsync(table, Now, Ct));

        found.Select(r => r.RowKey).Order().ShouldBe(expected);
        counting.Requests.ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public async Task Query_expired_etags_allow_deleting_the_rows()
    {
        var (client, table) = await NewTableAsync();
        await InsertHalfExpiredAsync(client, table, count: 6);

        await foreach (var row in client.QueryExpiredAsync(table, Now, Ct))
        {
            (await client.DeleteAsync(table, row.PartitionKey, row.RowKey, row.ETag!, Ct)).ShouldBeTrue();
        }

        (await ToListAsync(client.QueryExpiredAsync(table, Now, Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Unreachable_endpoint_fails_closed_within_seconds()
    {
        var closedPort = AzuriteFixture.FreePort();
        var client = AzuriteFixture.TableClientFor(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};"
            + $"TableEndpoint=http://127.0.0.1:{closedPort}/{AzuriteFixture.AccountName};");
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<StorageUnavailableException>(() => client.GetAsync("anytable", "p", "secretrowkey", Ct));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        ex.Message.ShouldNotContain(AzuriteFixture.AccountKey);
        ex.Message.ShouldNotContain("secretrowkey");
        ex.Message.ShouldNotContain(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Every_operation_on_a_storage_that_is_down_is_storage_unavailable()
    {
        var client = AzuriteFixture.TableClientFor(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};"
            + $"TableEndpoint=http://127.0.0.1:{AzuriteFixture.FreePort()}/{AzuriteFixture.AccountName};");
        var row = new TableRow("p", "r", Now, "x");

        await Should.ThrowAsync<StorageUnavailableException>(() => client.CreateTableIfNotExistsAsync("anytable", Ct));
        await Should.ThrowAsync<StorageUnavailableException>(() => client.InsertAsync("anytable", row, Ct));
        await Should.ThrowAsync<StorageUnavailableException>(() => client.WriteBatchAsync("anytable", [TableWrite.Insert(row)], Ct));
        await Should.ThrowAsync<StorageUnavailableException>(() => client.DeleteAsync("anytable", "p", "r", "W/\"x\"", Ct));
        await Should.ThrowAsync<StorageUnavailableException>(() => client.ReplaceAsync("anytable", row, "W/\"x\"", Ct));
        await Should.ThrowAsync<StorageUnavailableException>(() => ToListAsync(client.QueryExpiredAsync("anytable", Now, Ct)));
    }

    [Fact]
    public async Task A_credential_that_cannot_sign_in_is_storage_unavailable()
    {
        var settings = StorageSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobsStorage:tableServiceUri", "https://127.0.0.1:1/devstoreaccount1")])
            .Build())!;
        var client = new AzureTableClient(settings.CreateServiceClient(() => new FailingCredential(), AzureTableClient.CreateOptions()));

        var ex = await Should.ThrowAsync<StorageUnavailableException>(() => client.GetAsync("anytable", "p", "r", Ct));

        ex.Message.ShouldContain("AuthenticationFailedException");
        ex.Message.ShouldNotContain(FailingCredential.Detail);
    }

    [Fact]
    public async Task Wrong_account_key_is_storage_unavailable_without_leaking_the_key()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)i).ToArray());
        var client = AzuriteFixture.TableClientFor(azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey));

        var ex = await Should.ThrowAsync<StorageUnavailableException>(() => client.CreateTableIfNotExistsAsync(UniqueTable(), Ct));

        ex.Message.ShouldContain("403");
        ex.Message.ShouldNotContain(wrongKey);
    }

    [Fact]
    public async Task Insert_into_a_missing_table_is_storage_unavailable()
    {
        var client = azurite.CreateTableClient();

        await Should.ThrowAsync<StorageUnavailableException>(
            () => client.InsertAsync(UniqueTable(), new TableRow("p", "r", Now, "x"), Ct));
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        var (client, table) = await NewTableAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync(table, "p", "r", cancelled.Token));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("table/../x")]
    [InlineData("tab le")]
    public async Task Invalid_table_names_are_refused_before_any_request(string table)
    {
        var client = azurite.CreateTableClient();

        await Should.ThrowAsync<ArgumentException>(() => client.GetAsync(table, "p", "r", Ct));
    }

    private async Task<(ITableClient Client, string Table)> NewTableAsync()
    {
        var client = azurite.CreateTableClient();
        var table = UniqueTable();
        await client.CreateTableIfNotExistsAsync(table, Ct);
        return (client, table);
    }

    private static string UniqueTable() => "t" + Guid.NewGuid().ToString("N");

    /// <summary>Rows r00..r{count-1} in three partitions; even ones expired before <see cref="Now"/>. Returns the expired keys, sorted.</summary>
    private static async Task<List<string>> InsertHalfExpiredAsync(ITableClient client, string table, int count)
    {
        var expired = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = $"r{i:00}";
            var isExpired = i % 2 == 0;
            var expiresAt = isExpired ? Now.AddMinutes(-1 - i) : Now.AddMinutes(1 + i);
            (await client.InsertAsync(table, new TableRow($"p{i % 3}", key, expiresAt, "payload"), Ct)).ShouldBeTrue();
            if (isExpired)
            {
                expired.Add(key);
            }
        }

        expired.Sort(StringComparer.Ordinal);
        return expired;
    }

    private static async Task<List<TableRow>> ToListAsync(IAsyncEnumerable<TableRow> rows)
    {
        var list = new List<TableRow>();
        await foreach (var row in rows)
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>Counts the requests, to prove the query really paged.</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
    }

    /// <summary>A credential whose sign-in fails, as a managed identity endpoint that refuses would.</summary>
    private sealed class FailingCredential : TokenCredential
    {
        public const string Detail = "token endpoint said: client secret abc123 rejected";

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.AuthenticationFailedException(Detail);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.AuthenticationFailedException(Detail);
    }
}
