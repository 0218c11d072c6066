import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // These run real collects, Django and rclone against fixture trees.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
