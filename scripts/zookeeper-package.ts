// Debian's zookeeper package as the installers see it: present when the launcher can run it.

import { debianZooKeeperPresent } from '../src/launcher/zookeeper-classpath';
import type { DebianPackage } from './debian-packages';

export const ZOOKEEPER_PACKAGE: DebianPackage = { name: 'zookeeper', present: debianZooKeeperPresent };
