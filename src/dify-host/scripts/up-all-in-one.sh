retry 3 docker compose up -d --remove-orphans
