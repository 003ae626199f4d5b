namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Plain access keys, without any AWSSDK type, so the cmdlet assembly can hand over what it got from a
    /// PSCredential (user name = access key id, password = secret access key).
    /// </summary>
    public sealed class AccessKeyCredential
    {
        public AccessKeyCredential(string accessKey, string secretKey, string? sessionToken = null)
        {
            AccessKey = accessKey;
            SecretKey = secretKey;
            SessionToken = sessionToken;
        }

        public string AccessKey { get; }

        public string SecretKey { get; }

        public string? SessionToken { get; }
    }
}
