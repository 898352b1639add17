docker compose up -d --remove-orphans
