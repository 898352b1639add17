
# Terraform creates the ElastiCache user with IAM authentication, so no token
# is ever in its state. Every host sets the stored token (generated once, like
# the other secrets); a token replaced in SSM reaches ElastiCache at next boot.
redis_user=$(param "${SSM_PREFIX}config/endpoints" | jq -er .redis.userId)
redis_status() { awsr elasticache describe-users --user-id "$redis_user" --query 'Users[0].Status' --output text; }
token=$(secret REDIS_PASSWORD)
req=$(mktemp)
TOKEN=$token jq -n --arg u "$redis_user" '{UserId: $u, AuthenticationMode: {Type: "password", Passwords: [env.TOKEN]}}' >"$req"
# At most 5 + 5 minutes, inside the Auto Scaling health-check grace.
for ((i = 1; i <= 15; i++)); do
  if [ "$(redis_status)" = active ] && awsr elasticache modify-user --cli-input-json "file://$req" >/dev/null; then break; fi
  [ "$i" -lt 15 ] || die "cannot set the Redis token on the ElastiCache user $redis_user (AWS's error above)"
  sleep 20
done
rm -f "$req"
for ((try = 0; try < 30; try++)); do
  [ "$(redis_status)" = active ] && break
  sleep 10
done
[ "$(redis_status)" = active ] || die "the ElastiCache user $redis_user did not become active again"
log "Redis token set on the ElastiCache user $redis_user"
