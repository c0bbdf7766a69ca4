using AuthFunctions.Storage.Tables;
using Microsoft.Extensions.Configuration;
using Shouldly;
using Xunit;

namespace AuthFunctions.Tests.Storage;

/// <summary>The AzureWebJobsStorage settings, read the way the Functions host reads them.</summary>
public sealed class StorageConnectionTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tbGVhay1pbi1tZXNzYWdlcw==";

    [Fact]
    public void Nothing_configured_gives_null()
    {
        Connection().ShouldBeNull();
    }

    [Fact]
    public void Development_storage_points_at_the_local_emulator_with_its_well_known_key()
    {
        var c = Connection(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))!;

        c.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        c.AccountName.ShouldBe("devstoreaccount1");
        c.UsesSharedKey.ShouldBeTrue();
    }

    [Fact]
    public void Account_connection_string_derives_the_table_endpoint_from_the_suffix()
    {
        var c = Connection(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn"))!;

        c.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.chinacloudapi.cn"));
        c.AccountName.ShouldBe("myaccount");
        c.UsesSharedKey.ShouldBeTrue();
    }

    [Fact]
    public void Account_connection_string_defaults_to_https_and_the_public_cloud()
    {
        var c = Connection(("AzureWebJobsStorage", $"AccountName=myaccount;AccountKey={Key}"))!;

        c.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void Names_are_case_insensitive_and_empty_parts_are_ignored()
    {
        var c = Connection(("AzureWebJobsStorage", $" accountname=myaccount ;; ACCOUNTKEY={Key};defaultendpointsprotocol=HTTP;"))!;

        c.TableEndpoint.ShouldBe(new Uri("http://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void Explicit_table_endpoint_wins_over_the_derived_one()
    {
        var c = Connection(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10099/devstoreaccount1;"))!;

        c.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:10099/devstoreaccount1"));
        c.AccountName.ShouldBe("devstoreaccount1");
    }

    [Fact]
    public void Identity_based_table_service_uri_uses_default_credential()
    {
        var c = Connection(("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"))!;

        c.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
        c.UsesSharedKey.ShouldBeFalse();
        c.UsesManagedIdentity.ShouldBeFalse();
        c.ClientId.ShouldBeNull();
        c.CreateClient(TimeProvider.System).ShouldNotBeNull();
    }

    [Fact]
    public void Identity_based_managed_identity_with_client_id_is_user_assigned()
    {
        var c = Connection(
            ("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"))!;

        c.UsesManagedIdentity.ShouldBeTrue();
        c.ClientId.ShouldBe("00000000-0000-0000-0000-000000000001");
        c.CreateClient(TimeProvider.System).ShouldNotBeNull();
    }

    [Fact]
    public void Identity_based_account_name_derives_the_public_cloud_endpoint()
    {
        var c = Connection(("AzureWebJobsStorage:accountName", "myaccount"), ("AzureWebJobsStorage:credential", "ManagedIdentity"))!;

        c.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
        c.UsesManagedIdentity.ShouldBeTrue();
        c.ClientId.ShouldBeNull();
    }

    [Theory]
    [InlineData("AccountName=myaccount", "AccountKey is missing")]
    [InlineData("AccountKey=" + Key, "AccountName is missing")]
    [InlineData("AccountName=myaccount;AccountKey=not*base64" + Key, "AccountKey is not base64")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";garbage", "Name=Value")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=My.Evil/host;AccountKey=" + Key, "account name")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";TableEndpoint=not a url", "table endpoint")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";TableEndpoint=https://x.example/?sv=2020&sig=" + Key, "table endpoint")]
    [InlineData("TableEndpoint=https://x.example;SharedAccessSignature=sv=2020&sig=" + Key, "SharedAccessSignature")]
    [InlineData("UseDevelopmentStorage=yes", "UseDevelopmentStorage")]
    public void Malformed_connection_strings_name_the_setting_and_the_problem_but_never_the_key(string value, string problem)
    {
        var ex = Should.Throw<InvalidOperationException>(() => Connection(("AzureWebJobsStorage", value)));

        ex.Message.ShouldContain("AzureWebJobsStorage");
        ex.Message.ShouldContain(problem);
        ex.Message.ShouldNotContain(Key);
        ex.Message.ShouldNotContain("sig=");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "not a url", "AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "http://myaccount.table.core.windows.net", "https")]
    [InlineData("AzureWebJobsStorage:accountName", "Not_Valid", "AzureWebJobsStorage__accountName")]
    public void Malformed_identity_settings_name_the_setting(string name, string value, string expected)
    {
        var ex = Should.Throw<InvalidOperationException>(() => Connection((name, value)));

        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Unknown_credential_kind_is_refused()
    {
        var ex = Should.Throw<InvalidOperationException>(() => Connection(
            ("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "password")));

        ex.Message.ShouldContain("AzureWebJobsStorage__credential");
    }

    private static StorageConnection? Connection(params (string Name, string Value)[] settings) =>
        StorageConnection.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value)))
            .Build());
}
