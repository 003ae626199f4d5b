using System.Reflection;
using Amazon.Runtime;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Reads <c>$StoredAWSCredentials</c>, the credentials AWS.Tools' Set-AWSCredential keeps for the shell.
    /// AWS.Tools stores an <c>AWSPSCredentials</c> (its <c>Credentials</c> property holds the AWSCredentials,
    /// <c>Name</c> the profile it came from); both are types of AWS.Tools' own AWSSDK.Core, so they are read by
    /// shape, as -Credential reads foreign credentials. A bare AWSCredentials is taken as well.
    /// </summary>
    internal static class StoredCredentials
    {
        internal const string VariableName = "$StoredAWSCredentials";

        internal static (AWSCredentials Credentials, string Source) Convert(object stored)
        {
            var inner = stored;
            string? name = null;
            if (stored is not AWSCredentials && ForeignAwsCredentials.FindGetCredentials(stored.GetType()) == null)
            {
                var wrapped = stored.GetType().GetProperty("Credentials", BindingFlags.Public | BindingFlags.Instance)?.GetValue(stored);
                if (wrapped != null)
                {
                    inner = wrapped;
                    name = AwsSessionCredentialConverter.ReadString(stored, "Name");
                }
            }

            AWSCredentials credentials;
            try
            {
                credentials = AwsSessionCredentialConverter.Convert(inner);
            }
            catch (AwsSessionException e)
            {
                throw new AwsSessionException(
                    e.ErrorId,
                    $"{VariableName} holds a {stored.GetType().FullName} this module cannot use: {e.Message} " +
                    "Run Set-AWSCredential again (or Clear-AWSCredential), or pass -ProfileName or -Credential, which come first.",
                    stored,
                    e);
            }

            return (credentials, string.IsNullOrEmpty(name) ? VariableName : $"{VariableName} (profile '{name}')");
        }
    }
}
