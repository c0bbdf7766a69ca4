using AuthFunctions.Core;
using AuthFunctions.Sessions;
using AuthFunctions.Storage;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace AuthFunctions.Tests.Sessions;

/// <summary>
/// Issue 12: a family and its tokens in one partition of one table, keyed so a sign-in writes them in one round trip
/// and a token names its partition; on Azurite and in memory, counting every storage call.
/// </summary>
public sealed class RefreshStorageTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Clients() => ["azurite", "memory"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Issue_writes_the_family_and_its_first_token_in_one_round_trip(string kind)
    {
        var (refresh, counted) = await NewAsync(kind);
        var user = NewUser();

        var token = await refresh.IssueAsync(user, Ct);

        counted.RoundTrips.ShouldBe(1, counted.ToString());
        counted["batch"].ShouldBe(1);
        token.Length.ShouldBe(87);
        token[..44].ShouldBe(RefreshRows.PartitionOf(user.Id) + ".");
        var rows = (await counted.ListAsync(RefreshRows.Table, RefreshRows.PartitionOf(user.Id), 10, null, Ct)).Rows;
        rows.Select(r => r.RowKey[..2]).ShouldBe(["f:", "t:"]);
        var secret = token[44..];
        rows.ShouldAllBe(r => !r.RowKey.Contains(secret, StringComparison.Ordinal) && !r.Payload.Contains(secret, StringComparison.Ordinal));
        (await refresh.PeekAsync(token, Ct)).ShouldNotBeNull().Id.ShouldBe(user.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")] // the layout before: 43 characters, no partition
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP+.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP=")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO/Q.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP\n")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPé")]
    public async Task A_malformed_token_is_refused_before_any_storage_call(string token)
    {
        var (refresh, counted) = await NewAsync("memory");

        (await refresh.RotateAsync(token, Ct)).ShouldBe(RefreshRotation.None);
        (await refresh.PeekAsync(token, Ct)).ShouldBeNull();
        (await refresh.RevokeAsync(token, Ct)).ShouldBeNull();

        counted.All.ShouldBe(0, counted.ToString());
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_token_naming_another_users_partition_or_a_made_up_one_finds_nothing_and_revokes_nothing(string kind)
    {
        var (refresh, _) = await NewAsync(kind);
        var ada = await refresh.IssueAsync(NewUser(), Ct);
        var bob = await refresh.IssueAsync(NewUser(), Ct);
        string[] forged = [bob[..44] + ada[44..], Crypto.RandomToken() + ada[43..], ada[..44] + bob[44..]];

        foreach (var token in forged)
        {
            (await refresh.RotateAsync(token, Ct)).ShouldBe(RefreshRotation.None);
            (await refresh.PeekAsync(token, Ct)).ShouldBeNull();
            (await refresh.RevokeAsync(token, Ct)).ShouldBeNull();
        }

        (await refresh.RotateAsync(ada, Ct)).Token.ShouldNotBeNull();
        (await refresh.RotateAsync(bob, Ct)).Token.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_successor_stays_in_its_users_partition_and_the_chain_rotates_on(string kind)
    {
        var (refresh, counted) = await NewAsync(kind);
        var user = NewUser();
        var first = await refresh.IssueAsync(user, Ct);

        var second = (await refresh.RotateAsync(first, Ct)).Token.ShouldNotBeNull();
        var third = (await refresh.RotateAsync(second, Ct)).Token.ShouldNotBeNull();

        second[..44].ShouldBe(first[..44]);
        third[..44].ShouldBe(first[..44]);
        new[] { first, second, third }.Distinct().Count().ShouldBe(3);
        var keys = (await counted.ListAsync(RefreshRows.Table, RefreshRows.PartitionOf(user.Id), 10, null, Ct)).Rows.Select(r => r.RowKey[..2]);
        keys.ShouldBe(["f:", "t:", "t:", "t:"]);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_rotation_reads_the_token_and_its_family_and_writes_successor_and_spent_token_in_one_transaction(string kind)
    {
        var (refresh, counted) = await NewAsync(kind);
        var token = await refresh.IssueAsync(NewUser(), Ct);
        counted.Reset();

        (await refresh.RotateAsync(token, Ct)).Token.ShouldNotBeNull();

        counted.RoundTrips.ShouldBe(3, counted.ToString());
        (counted["get"], counted["batch"]).ShouldBe((2, 1), counted.ToString());
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Deleting_a_user_revokes_each_of_its_families_in_one_page_and_no_other_users(string kind)
    {
        var (refresh, counted) = await NewAsync(kind);
        var user = NewUser();
        var other = await refresh.IssueAsync(NewUser(), Ct);
        var live = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // Rotated, so the partition holds spent tokens as well as families.
            var token = await refresh.IssueAsync(user, Ct);
            live.Add((await refresh.RotateAsync((await refresh.RotateAsync(token, Ct)).Token!, Ct)).Token!);
        }

        counted.Reset();

        (await refresh.RevokeUserAsync(user.Id, Ct)).ShouldBe(3);

        counted["list"].ShouldBe(1); // families sort before tokens: the listing stops at the first token
        foreach (var token in live)
        {
            (await refresh.RotateAsync(token, Ct)).ShouldBe(RefreshRotation.None);
        }

        (await refresh.RotateAsync(other, Ct)).Token.ShouldNotBeNull();
        (await refresh.RevokeUserAsync(user.Id, Ct)).ShouldBe(3); // revoked families stay, revoked, until they expire
    }

    private async Task<(RefreshTokens Refresh, CountingTableClient Counted)> NewAsync(string kind)
    {
        var counted = new CountingTableClient(kind == "azurite" ? azurite.CreateTableClient() : new InMemoryTableClient());
        var creator = new TableCreator(counted);
        var refresh = new RefreshTokens(counted, creator, Options.Create(new OAuthOptions()), _time);

        // The table first, so the counts are of the operations themselves (tables are created once per process).
        await creator.EnsureAsync(RefreshRows.Table, Ct);
        counted.Reset();
        return (refresh, counted);
    }

    /// <summary>A user of its own: the run's tests share Azurite's tables.</summary>
    private static NormalizedUser NewUser() => new() { Provider = "github", Subject = Random.Shared.Next(10_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
