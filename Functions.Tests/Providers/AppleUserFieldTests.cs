using AuthFunctions.Providers.Quirks;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>Quirk apple-user-field: Apple's posted <c>user</c> JSON, read for a name and nothing else, whatever arrives.</summary>
public sealed class AppleUserFieldTests
{
    [Theory]
    [InlineData("""{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"ada@privaterelay.appleid.com"}""", "Ada Lovelace")]
    [InlineData("""{"name":{"firstName":"  Ada ","lastName":""}}""", "Ada")]
    [InlineData("""{"name":{"lastName":"Lovelace"}}""", "Lovelace")]
    [InlineData("""{"name":{"firstName":"李","lastName":"雷"}}""", "李 雷")]
    public void The_name_is_first_and_last_name_trimmed(string json, string expected) =>
        AppleUserField.NameOf(json).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{}")]
    [InlineData("{\"email\":\"ada@example.test\"}")]
    [InlineData("{\"name\":\"Ada Lovelace\"}")]
    [InlineData("{\"name\":{}}")]
    [InlineData("{\"name\":{\"firstName\":42,\"lastName\":null}}")]
    [InlineData("{\"name\":{\"firstName\":\"Ada\\nEvil\"}}")]
    [InlineData("{\"name\":{\"firstName\":\"\\u0000\"}}")]
    [InlineData("not json")]
    [InlineData("{\"name\":{\"firstName\":\"Ada\"")]
    [InlineData("[\"Ada\"]")]
    [InlineData("\"Ada\"")]
    [InlineData("{\"name\":{\"firstName\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}}")]
    public void Absent_or_junk_gives_no_name_and_never_throws(string? json) =>
        AppleUserField.NameOf(json).ShouldBeNull();

    [Fact]
    public void A_value_over_the_limit_is_ignored_unread_and_a_long_name_is_cut()
    {
        var huge = "{\"name\":{\"firstName\":\"" + new string('a', AppleUserField.MaxLength) + "\"}}";
        var long600 = "{\"name\":{\"firstName\":\"" + new string('a', 600) + "\"}}";

        AppleUserField.NameOf(huge).ShouldBeNull();
        AppleUserField.NameOf(long600)!.Length.ShouldBe(512);
    }

    [Fact]
    public void The_email_in_the_field_is_never_the_name()
    {
        AppleUserField.NameOf("{\"email\":\"someone@example.test\",\"name\":{\"firstName\":\"\"}}").ShouldBeNull();
    }
}
